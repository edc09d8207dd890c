import { Option, type Command } from 'commander';
import type { CachedRecord, RecordFilter } from '@flowcache/core';
import { runWithContext, type CommandContext } from '../CommandContext';
import { parseLimit } from '../options';
import { formatTable } from '../output/formatTable';
import { formatBytes, formatExpiry, formatTime, plural, shortenKey } from '../output/formatValues';
import { recordJson } from '../output/recordJson';

interface LsOptions {
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
  program
    .command('ls')
    .description('list cached records (key, task, created, expires, size, serializer) in key order')
    .option('--task <name>', 'only records of this task (Class.method or the task name)')
    .option('--prefix <prefix>', 'only records whose key starts with this')
    .addOption(new Option('--expired', 'only expired (and unreadable) records').conflicts('live'))
    .option('--live', 'only records that can still be hits')
    .option('--limit <n>', `show at most n records`, parseLimit, DEFAULT_LIMIT)
    .option('--wide', 'show keys whole instead of shortened')
    .action((options: LsOptions, command: Command) => runWithContext(command, (context) => listRecords(context, options)));
}

async function listRecords(context: CommandContext, options: LsOptions): Promise<void> {
  const filter: RecordFilter = {
    task: options.task,
    prefix: options.prefix,
    expired: options.expired ? true : options.live ? false : undefined,
  };
  const records: CachedRecord[] = [];
  let truncated = false;
  for await (const record of context.inspector.records(filter)) {
    if (records.length === options.limit) {
      truncated = true;
      break;
    }
    records.push(record);
  }
  if (context.json) {
    context.printJson({ storage: context.location, records: records.map(recordJson), truncated });
    return;
  }
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
    ];
  });
  context.print(formatTable(['key', 'task', 'created', 'expires', 'size', 'serializer'], rows));
  const expired = records.filter((record) => record.expired).length;
  context.print(`\n${plural(records.length, 'record')} (${expired} expired) in ${context.location}`);
  if (truncated) context.note(`only the first ${options.limit} records are shown; pass --limit to see more`);
}
