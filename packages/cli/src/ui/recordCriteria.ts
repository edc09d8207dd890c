import type { RecordFilter, RecordSort } from '@flowcache/core/records';
import { parseSize, parseTime, parseTimeAhead } from '../options';
import { RECORD_SORT_NAMES } from '../shared/recordSorts';
import { BadParameterError } from './BadParameterError';
import type { RecordsQuery, RecordStatusFilter } from './urls';

/** What the records list's query asks for, checked: the inspector's filter, and the order and offset if sorted. */
export interface RecordCriteria {
  readonly filter: RecordFilter;
  /** `undefined`: key order, paged by cursor. */
  readonly sort: RecordSort | undefined;
  readonly reverse: boolean;
  readonly offset: number;
}

/**
 * Reads the records list's query (see `readRecordsQuery`) into criteria; throws `BadParameterError`, naming the
 * parameter and what it takes, for a value that is not one (a size, an age, a sort...).
 */
export function readRecordCriteria(query: RecordsQuery & { status: RecordStatusFilter }, now: number): RecordCriteria {
  const sizes = 'a size: bytes, or with a unit (512KiB, 1MB, 2.5GiB)';
  const ages = 'how long ago (30m, 24h, 7d, 2w, P1M) or a time (2026-12-01)';
  const minBytes = parsed(query, 'minSize', sizes, parseSize);
  const maxBytes = parsed(query, 'maxSize', sizes, parseSize);
  if (minBytes !== undefined && maxBytes !== undefined && minBytes > maxBytes) {
    throw new BadParameterError('minSize', `a size no larger than maxSize (${query.maxSize})`, query.minSize!);
  }
  const createdBefore = parsed(query, 'olderThan', ages, (text) => parseTime(text, now));
  const createdAfter = parsed(query, 'newerThan', ages, (text) => parseTime(text, now));
  if (createdBefore !== undefined && createdAfter !== undefined && createdAfter.getTime() >= createdBefore.getTime()) {
    const before = `a time before olderThan (${query.olderThan})`;
    throw new BadParameterError(
      'newerThan',
      `${before}; with "how long ago" forms, newerThan takes the longer one`,
      query.newerThan!,
    );
  }
  const sortNames = Object.keys(RECORD_SORT_NAMES);
  const sort = parsed(query, 'sort', `one of ${sortNames.join(', ')}`, (text) => {
    if (!sortNames.includes(text)) throw new Error(text);
    return RECORD_SORT_NAMES[text];
  });
  return {
    filter: {
      task: query.task,
      prefix: query.prefix,
      expired:
        query.status === 'all' ? (query.expiresWithin === undefined ? undefined : false) : query.status === 'expired',
      minBytes,
      maxBytes,
      createdBefore,
      createdAfter,
      expiresBefore: parsed(query, 'expiresWithin', 'how long from now (30m, 24h, 7d, 2w, P1M)', (text) =>
        parseTimeAhead(text, now),
      ),
    },
    sort,
    reverse: parsed(query, 'reverse', '1 (the other order) or nothing', (text) => text === '1' || fail()) ?? false,
    offset: parsed(query, 'offset', 'a whole number, 0 or more', toOffset) ?? 0,
  };
}

// The parameter read by `read`, `undefined` when absent; whatever `read` throws becomes a `BadParameterError`.
function parsed<T>(
  query: RecordsQuery,
  name: keyof RecordsQuery,
  accepts: string,
  read: (text: string) => T,
): T | undefined {
  const text = query[name];
  if (text === undefined) return undefined;
  try {
    return read(text);
  } catch {
    throw new BadParameterError(name, accepts, text);
  }
}

function toOffset(text: string): number {
  const offset = Number(text);
  return /^\d+$/.test(text) && Number.isSafeInteger(offset) ? offset : fail();
}

function fail(): never {
  throw new Error('not accepted');
}
