import { Option, type Command } from 'commander';
import type { RecordFilter } from '@flowcache/core/records';
import { parseSize, parseTime, parseTimeAhead } from '../options';
import { RECORD_SORT_NAMES } from '../shared/recordSorts';

/** The sorts `flowcache ls --sort` offers, and the inspector's name of each. */
export const LS_SORTS = RECORD_SORT_NAMES;

/** The options of `flowcache ls` that choose records, beyond `--task`, `--prefix`, `--expired` and `--live`. */
export interface LsCriteria {
  minSize?: number;
  maxSize?: number;
  olderThan?: Date;
  newerThan?: Date;
  expiresWithin?: Date;
  sort?: keyof typeof LS_SORTS;
  reverse?: boolean;
}

/** Adds the size, age, expiry and sort options to `flowcache ls`. */
export function addLsCriteria(command: Command): Command {
  return command
    .option('--min-size <size>', 'only records of at least this size (512KiB, 1MB, 2.5GiB)', parseSize)
    .option('--max-size <size>', 'only records of at most this size', parseSize)
    .option('--older-than <age>', 'only records created before then (7d, 24h, 2026-12-01)', (text) => parseTime(text))
    .option('--newer-than <age>', 'only records created since then (same forms as --older-than)', (text) =>
      parseTime(text),
    )
    .addOption(
      new Option('--expires-within <duration>', 'only live records that expire within this time (24h, 7d)')
        .argParser((text) => parseTimeAhead(text))
        .conflicts('expired'),
    )
    .addOption(
      new Option(
        '--sort <order>',
        'sort by size (largest first), age (oldest first) or last-used (latest use by a run first)',
      ).choices(Object.keys(LS_SORTS)),
    )
    .option('--reverse', 'with --sort: the other way (unknown ages and records never used stay last)');
}

/** The inspector's filter for these options (the task criterion aside: see `collectRecords`). */
export function recordFilterOf(
  options: LsCriteria & { prefix?: string; expired?: boolean; live?: boolean },
): RecordFilter {
  return {
    prefix: options.prefix,
    expired: options.expired ? true : options.live || options.expiresWithin !== undefined ? false : undefined,
    minBytes: options.minSize,
    maxBytes: options.maxSize,
    createdBefore: options.olderThan,
    createdAfter: options.newerThan,
    expiresBefore: options.expiresWithin,
  };
}
