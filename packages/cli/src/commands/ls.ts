import { Option, type Command } from 'commander';
import { ForeignObjectTally, type CachedRecord, type ForeignObjects } from '@flowcache/core/records';
import { runWithContext, type CommandContext } from '../CommandContext';
import { parseLimit } from '../options';
import { usageError } from '../CliError';
import { addLsCriteria, LS_SORTS, recordFilterOf, type LsCriteria } from './lsCriteria';
import { foreignJson, foreignNotice } from '../output/foreignNotice';
import { formatTable } from '../output/formatTable';
import { terminalSafeCell } from '../output/terminalSafe';
import { recordJson } from '../output/recordJson';
import { formatBytes, formatExpiry, formatTime, plural, shortenKey } from '../shared/formatValues';

interface LsOptions extends LsCriteria {
  task?: string;
  prefix?: string;
  expired?: boolean;
  live?: boolean;
  limit: number;
  wide?: boolean;
}

const DEFAULT_LIMIT = 100;

/** `flowcache ls`: the records, filtered, in key order. */
export function registerLs(program: Command): void {
  const command = program
    .command('ls')
    .description('list cached records (key, task, created, expires, size, serializer) in key order, or sorted')
    .option('--task <name>', 'only records of this task (Class.method or the task name)')
    .option('--prefix <prefix>', 'only records whose key starts with this')
    .addOption(new Option('--expired', 'only expired (and unreadable) records').conflicts('live'))
    .option('--live', 'only records that can still be hits')
    .option('--limit <n>', `show at most n records`, parseLimit, DEFAULT_LIMIT)
    .option('--wide', 'show keys whole instead of shortened');
  addLsCriteria(command).action((options: LsOptions, command: Command) =>
    runWithContext(command, (context) => listRecords(context, options)),
  );
}

async function listRecords(context: CommandContext, options: LsOptions): Promise<void> {
  if (options.reverse && options.sort === undefined) throw usageError('--reverse needs --sort', 'ls');
  if (options.minSize !== undefined && options.maxSize !== undefined && options.minSize > options.maxSize) {
    const sizes = `${options.minSize} bytes is more than ${options.maxSize}`;
    throw usageError(`--min-size ${sizes} bytes of --max-size: no record can match`, 'ls');
  }
  checkAges(options);
  const { records, truncated, otherTasks, foreign, lastUses } =
    options.sort === undefined
      ? { ...(await collectRecords(context, options)), lastUses: undefined }
      : await sortRecords(context, options, options.sort);
  if (records.length === 0 && options.task !== undefined) hintTaskName(context, options.task, otherTasks);
  if (context.json) {
    context.printJson({
      storage: context.location,
      records: records.map((record) =>
        lastUses === undefined
          ? recordJson(record)
          : { ...recordJson(record), lastUsedAt: lastUses.get(record.key)?.toISOString() ?? null },
      ),
      truncated,
      foreign: foreignJson(foreign),
    });
    return;
  }
  const skipped = foreignNotice(foreign);
  if (skipped !== undefined) context.note(skipped);
  if (records.length === 0) {
    context.print(`no records match in ${context.location}`);
    return;
  }
  const now = Date.now();
  const rows = records.map((record) => {
    const metadata = record.metadata;
    return [
      options.wide ? record.key : shortenKey(record.key),
      metadata?.taskName ?? '(unreadable)',
      metadata === undefined ? '-' : formatTime(metadata.createdAt),
      metadata === undefined ? 'unreadable' : formatExpiry(metadata.expiresAt, now),
      formatBytes(record.size),
      metadata?.serializer ?? '-',
      ...(lastUses === undefined ? [] : [formatLastUse(lastUses.get(record.key))]),
    ];
  });
  const headers = ['key', 'task', 'created', 'expires', 'size', 'serializer'];
  context.print(formatTable(lastUses === undefined ? headers : [...headers, 'last used'], rows));
  const expired = records.filter((record) => record.expired).length;
  const summary = `${plural(records.length, 'record')} (${expired} expired) in ${context.location}`;
  context.print(`\n${summary}${truncated ? ': a partial list, more records match' : ''}`);
  if (truncated) {
    const shown = `${plural(options.limit, 'record')} ${options.limit === 1 ? 'is' : 'are'}`;
    context.note(`only the first ${shown} shown; raise --limit to see more`);
  }
}

/** Refuses `--newer-than` a time not before `--older-than` (`--older-than 3d --newer-than 1d`): none can match. */
function checkAges({ olderThan, newerThan }: LsOptions): void {
  if (olderThan === undefined || newerThan === undefined || newerThan.getTime() < olderThan.getTime()) return;
  throw usageError(
    `--newer-than (${formatTime(newerThan.toISOString())}) is not before --older-than ` +
      `(${formatTime(olderThan.toISOString())}): no record was created in between (with "how long ago" forms, ` +
      '--newer-than takes the longer one: --older-than 1d --newer-than 7d)',
    'ls',
  );
}

/**
 * The records to list, at most `limit`, and the names of the tasks the task criterion left out. The criterion is
 * applied here, not by the inspector, which reads every listed record's metadata either way: those names then
 * cost nothing, and tell what a `--task` that matched nothing probably meant.
 */
async function collectRecords(
  context: CommandContext,
  options: LsOptions,
): Promise<{ records: CachedRecord[]; truncated: boolean; otherTasks: Set<string>; foreign: ForeignObjects }> {
  const filter = recordFilterOf(options);
  const records: CachedRecord[] = [];
  const otherTasks = new Set<string>();
  const foreign = new ForeignObjectTally();
  for await (const record of context.inspector.records(filter, { onForeign: (names) => foreign.add(names) })) {
    const task = record.metadata?.taskName;
    if (options.task !== undefined && task !== options.task) {
      if (task !== undefined) otherTasks.add(task);
      continue;
    }
    if (records.length === options.limit) return { records, truncated: true, otherTasks, foreign: foreign.summary() };
    records.push(record);
  }
  return { records, truncated: false, otherTasks, foreign: foreign.summary() };
}

/**
 * The first `limit` records in the order asked: every matching record is walked (the inspector keeps a few fields
 * of each), with the task criterion applied by the inspector.
 */
async function sortRecords(context: CommandContext, options: LsOptions, sort: keyof typeof LS_SORTS) {
  const foreign = new ForeignObjectTally();
  const page = await context.inspector.sortedRecords(
    { ...recordFilterOf(options), task: options.task },
    { sort: LS_SORTS[sort], reverse: options.reverse, limit: options.limit },
    { onForeign: (names) => foreign.add(names) },
  );
  // The inspector applied the task criterion, so it saw no other names: when nothing matched, walk the records
  // once more in key order for the names a bare method name probably meant (only then, and never a value).
  const otherTasks =
    page.total === 0 && options.task !== undefined
      ? (await collectRecords(context, options)).otherTasks
      : new Set<string>();
  return {
    records: [...page.records],
    truncated: page.total > options.limit,
    otherTasks,
    foreign: foreign.summary(),
    lastUses: page.lastUses,
  };
}

// When a run last used the record, or a dash for a record no kept run used.
function formatLastUse(lastUse: Date | undefined): string {
  return lastUse === undefined ? '—' : formatTime(lastUse.toISOString());
}

/** `--task loadSales` finds nothing where tasks are named `Reports.loadSales`: name the tasks it probably meant. */
function hintTaskName(context: CommandContext, task: string, otherTasks: ReadonlySet<string>): void {
  const meant = [...otherTasks].filter((name) => name.endsWith(`.${task}`)).sort();
  if (meant.length === 0) return;
  context.note(
    `no task is named "${terminalSafeCell(task)}": tasks are named Class.method, ` +
      `try ${meant.map((name) => `--task ${terminalSafeCell(name)}`).join(' or ')}`,
  );
}
