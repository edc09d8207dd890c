import type { Command } from 'commander';
import type { PruneResult } from '@flowcache/core/records';
import { usageError } from '../CliError';
import { runWithContext, type CommandContext } from '../CommandContext';
import { foreignJson, foreignNotice } from '../output/foreignNotice';
import { terminalSafeCell } from '../output/terminalSafe';
import { startProgress } from '../output/progressReporter';
import { formatBytes, plural } from '../shared/formatValues';
import { RUNNING_ENGINES_AFTER_PRUNE } from '../shared/runningEngines';

/** `flowcache prune --expired`: deletes the records that can never be hits again. */
export function registerPrune(program: Command): void {
  program
    .command('prune')
    .description(
      'delete expired and unreadable records, and those of commits ' +
        'that never completed (never a record that can still be a hit)',
    )
    .option('--expired', 'prune expired and unreadable records (required: says what goes)')
    .option('--dry-run', 'only list what would be deleted')
    .action((options: { expired?: boolean; dryRun?: boolean }, command: Command) => {
      // Checked before the storage is opened: a destructive command without its criterion does nothing at all.
      if (!options.expired)
        throw usageError('prune needs --expired (expired and unreadable records); --dry-run to preview', 'prune');
      return runWithContext(command, (context) => prune(context, options.dryRun ?? false));
    });
}

async function prune(context: CommandContext, dryRun: boolean): Promise<void> {
  const progress = startProgress(dryRun ? 'looking for expired records' : 'pruning', { json: context.json });
  let result: PruneResult;
  try {
    result = await context.inspector.prune({ dryRun, onProgress: progress.onProgress });
  } finally {
    progress.stop();
  }
  if (context.json) {
    context.printJson({
      storage: context.location,
      dryRun,
      keys: result.keys,
      bytes: result.bytes,
      foreign: foreignJson(result.foreign),
    });
    return;
  }
  const skipped = foreignNotice(result.foreign);
  if (skipped !== undefined) context.note(skipped);
  for (const key of result.keys) context.print(`${dryRun ? 'would delete' : 'deleted'} ${terminalSafeCell(key)}`);
  const total = `${plural(result.keys.length, 'record')}, ${formatBytes(result.bytes)}`;
  context.print(
    dryRun
      ? `would delete ${total} from ${context.location} (dry run: nothing deleted)`
      : `deleted ${total} from ${context.location}`,
  );
  if (!dryRun && result.keys.length > 0) context.print(RUNNING_ENGINES_AFTER_PRUNE);
}
