import type { Command } from 'commander';
import type { RecordFilter } from '@flowcache/core';
import { usageError } from '../CliError';
import { runWithContext, type CommandContext } from '../CommandContext';
import { plural } from '../output/formatValues';
import { startProgress } from '../output/progressReporter';

interface RmOptions {
  task?: string;
  prefix?: string;
  expired?: boolean;
  all?: boolean;
}

/** `flowcache rm`: deletes one record, or the records matching criteria; never the run history. */
export function registerRm(program: Command): void {
  program
    .command('rm')
    .description('delete a record by key, or every record matching --task, --prefix and --expired (all must hold)')
    .argument('[key]', 'the exact key of the record to delete')
    .option('--task <name>', 'records of this task')
    .option('--prefix <prefix>', 'records whose key starts with this')
    .option('--expired', 'expired (and unreadable) records')
    .option('--all', 'every record (the run history is kept)')
    .action((key: string | undefined, options: RmOptions, command: Command) =>
      runWithContext(command, (context) => removeRecords(context, key, options)),
    );
}

async function removeRecords(context: CommandContext, key: string | undefined, options: RmOptions): Promise<void> {
  const deleted = key === undefined ? await removeMatching(context, criteria(options)) : await removeKey(context, key, options);
  if (context.json) {
    context.printJson({ storage: context.location, deleted });
    return;
  }
  for (const deletedKey of deleted) context.print(`deleted ${deletedKey}`);
  context.print(`${plural(deleted.length, 'record')} deleted from ${context.location}`);
}

async function removeKey(context: CommandContext, key: string, options: RmOptions): Promise<string[]> {
  if (options.task !== undefined || options.prefix !== undefined || options.expired || options.all) {
    throw usageError('rm takes a key or criteria (--task, --prefix, --expired, --all), not both');
  }
  const deleted = await context.inspector.invalidate({ key });
  if (deleted.length === 0) throw usageError(`no record under key "${key}" in ${context.location}`);
  return deleted;
}

/** The filter the options describe; refuses none at all, so that a bare `rm` can never empty a cache. */
function criteria(options: RmOptions): RecordFilter {
  if (options.all) {
    if (options.task !== undefined || options.prefix !== undefined || options.expired) {
      throw usageError('--all deletes every record: it takes no other criterion');
    }
    return { prefix: '' };
  }
  if (options.task === undefined && options.prefix === undefined && !options.expired) {
    throw usageError('rm needs a key or a criterion: --task <name>, --prefix <prefix>, --expired, or --all');
  }
  return { task: options.task, prefix: options.prefix, expired: options.expired ? true : undefined };
}

async function removeMatching(context: CommandContext, filter: RecordFilter): Promise<string[]> {
  const progress = startProgress('deleting', { json: context.json });
  try {
    return await context.inspector.invalidate(filter, { onProgress: progress.onProgress });
  } finally {
    progress.stop();
  }
}
