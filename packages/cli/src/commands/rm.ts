import type { Command } from 'commander';
import { ForeignObjectTally, type ForeignObjects, type RecordFilter } from '@flowcache/core/records';
import { usageError } from '../CliError';
import { runWithContext, type CommandContext } from '../CommandContext';
import { askConfirmation } from '../output/askConfirmation';
import { foreignJson, foreignNotice } from '../output/foreignNotice';
import { terminalSafeCell } from '../output/terminalSafe';
import { startProgress } from '../output/progressReporter';
import { formatBytes, plural } from '../shared/formatValues';
import { isRunHistoryKey, runHistoryKeyMessage } from '../shared/runHistoryKey';
import { RUNNING_ENGINES_AFTER_DELETE } from '../shared/runningEngines';

interface RmOptions {
  task?: string;
  prefix?: string;
  expired?: boolean;
  all?: boolean;
  yes?: boolean;
}

/** One record by its exact key, or every record matching a filter. */
type Target = { key: string } | RecordFilter;

/** `flowcache rm`: deletes one record, or the records matching criteria; never the run history. */
export function registerRm(program: Command): void {
  program
    .command('rm')
    .description('delete a record by key, or every record matching --task, --prefix and --expired (all must hold)')
    .argument('[key]', 'the exact key of the record to delete')
    .option('--task <name>', 'records of this task')
    .option('--prefix <prefix>', 'records whose key starts with this')
    .option('--expired', 'expired (and unreadable) records')
    .option('--all', 'every record (the run history is kept); asks first on a terminal')
    .option('--yes', 'with --all: delete without asking (required when stdin is not a terminal)')
    .action((key: string | undefined, options: RmOptions, command: Command) => {
      // Checked before the storage is opened: a destructive command with unclear arguments does nothing at all.
      const target = chooseTarget(key, options);
      if (options.all && !options.yes && !process.stdin.isTTY) {
        throw usageError('--all deletes every record: add --yes to confirm (stdin is not a terminal to ask on)', 'rm');
      }
      return runWithContext(command, (context) => removeRecords(context, target, options));
    });
}

/** What the arguments ask to delete; refuses no criterion at all, so that a bare `rm` can never empty a cache. */
function chooseTarget(key: string | undefined, options: RmOptions): Target {
  const hasCriterion = options.task !== undefined || options.prefix !== undefined || options.expired === true;
  if (key !== undefined) {
    if (hasCriterion || options.all)
      throw usageError('rm takes a key or criteria (--task, --prefix, --expired, --all), not both', 'rm');
    if (isRunHistoryKey(key)) throw usageError(runHistoryKeyMessage(key));
    return { key };
  }
  if (options.all) {
    if (hasCriterion) throw usageError('--all deletes every record: it takes no other criterion', 'rm');
    return { prefix: '' };
  }
  if (!hasCriterion)
    throw usageError('rm needs a key or a criterion: --task <name>, --prefix <prefix>, --expired, or --all', 'rm');
  return { task: options.task, prefix: options.prefix, expired: options.expired ? true : undefined };
}

async function removeRecords(context: CommandContext, target: Target, options: RmOptions): Promise<void> {
  if (
    options.all &&
    !options.yes &&
    !(await askConfirmation(`delete every record in ${context.location} (the run history is kept)?`))
  ) {
    // Declining is an answer, not a failure: exit code 0, and with --json still the document, listing nothing.
    context.note('nothing deleted');
    if (context.json)
      context.printJson({ storage: context.location, deleted: [], bytes: 0, foreign: foreignJson(NONE_FOREIGN) });
    return;
  }
  const { keys, bytes, foreign } =
    'key' in target ? await removeKey(context, target.key) : await removeMatching(context, target);
  if (context.json) {
    context.printJson({ storage: context.location, deleted: keys, bytes, foreign: foreignJson(foreign) });
    return;
  }
  const skipped = foreignNotice(foreign);
  if (skipped !== undefined) context.note(skipped);
  for (const key of keys) context.print(`deleted ${terminalSafeCell(key)}`);
  context.print(`deleted ${plural(keys.length, 'record')}, ${formatBytes(bytes)} from ${context.location}`);
  if (keys.length > 0) context.print(RUNNING_ENGINES_AFTER_DELETE);
}

/** What a removal deleted, and the objects that are not records it met and left alone. */
interface Removal {
  readonly keys: string[];
  readonly bytes: number;
  readonly foreign: ForeignObjects;
}

const NONE_FOREIGN: ForeignObjects = { count: 0, names: [] };

async function removeKey(context: CommandContext, key: string): Promise<Removal> {
  // Looked up first for its size, which the deletion does not report.
  const record = await context.inspector.find(key);
  const deleted = record === undefined ? [] : await context.inspector.invalidate({ key });
  if (record === undefined || deleted.length === 0)
    throw usageError(`no record under key "${key}" in ${context.location}`);
  return { keys: deleted, bytes: record.size, foreign: NONE_FOREIGN };
}

/** Deletes the matching records one by one as the listing finds them, adding up their sizes on the way. */
async function removeMatching(context: CommandContext, filter: RecordFilter): Promise<Removal> {
  const progress = startProgress('deleting', { json: context.json });
  const keys: string[] = [];
  let bytes = 0;
  const foreign = new ForeignObjectTally();
  const walk = { onProgress: progress.onProgress, onForeign: (names: readonly string[]) => foreign.add(names) };
  try {
    for await (const record of context.inspector.records(filter, walk)) {
      if ((await context.inspector.invalidate({ key: record.key })).length === 0) continue; // deleted meanwhile
      keys.push(record.key);
      bytes += record.size;
    }
  } finally {
    progress.stop();
  }
  return { keys, bytes, foreign: foreign.summary() };
}
