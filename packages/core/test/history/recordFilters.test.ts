/**
 * Finding records: by size (from the storage's listing, before any record is read), age and expiry, and sorted by
 * size, age or last use (when a run kept in the history last returned or wrote the record).
 */
import { CacheInspector, encodeRecord } from '../../src/records';
import { encodeRunHistory, runHistoryKey, type TaskRunSummary } from '../../src/history/RunHistory';
import { FailingStorage } from '../../../../test/support/failingStorage';
import { MINIMAL_RUN } from '../../../../test/support/runHistoryDocuments';

const NOW = Date.UTC(2026, 11, 8, 12);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

interface Seed {
  readonly key: string;
  readonly bytes: number;
  readonly ageMs: number;
  readonly expiresInMs?: number;
  readonly task?: string;
}

// Records of chosen sizes (a payload of that many bytes), ages and expiries.
async function seed(storage: FailingStorage, seeds: readonly Seed[]): Promise<void> {
  for (const { key, bytes, ageMs, expiresInMs, task = 'Reports.sales' } of seeds) {
    const record = encodeRecord(
      {
        storageKey: key,
        taskName: task,
        cacheKey: key,
        createdAt: new Date(NOW - ageMs).toISOString(),
        expiresAt: expiresInMs === undefined ? null : new Date(NOW + expiresInMs).toISOString(),
        serializer: 'json/v1',
        flowRunId: null,
        durationMs: 1,
      },
      Buffer.alloc(bytes, 1),
    );
    await storage.put(key, record);
  }
}

const SEEDS: readonly Seed[] = [
  { key: 'r/big', bytes: 5000, ageMs: 10 * DAY },
  { key: 'r/medium', bytes: 2000, ageMs: 2 * DAY, expiresInMs: 2 * HOUR },
  { key: 'r/small', bytes: 10, ageMs: HOUR, expiresInMs: 3 * DAY },
  { key: 'r/stale', bytes: 500, ageMs: 3 * DAY, expiresInMs: -HOUR },
];

async function setUp() {
  const storage = new FailingStorage();
  await seed(storage, SEEDS);
  const sizeOf = async (key: string) => (await storage.stat(key))!.size;
  return { storage, inspector: new CacheInspector(storage, () => NOW), sizeOf };
}

const keysOf = (records: readonly { key: string }[]) => records.map((record) => record.key);

function taskRun(cacheKey: string, state: TaskRunSummary['state'], endedAt: string): TaskRunSummary {
  return {
    taskRunId: `${cacheKey}-${endedAt}`,
    taskName: 'Reports.sales',
    state,
    cacheKey,
    startedAt: endedAt,
    endedAt,
    durationMs: 1,
    attempts: 1,
    cacheMiss: null,
    error: null,
  };
}

async function writeRun(
  storage: FailingStorage,
  id: string,
  taskRuns: TaskRunSummary[],
  subflowRuns: TaskRunSummary[] = [],
) {
  const { formatVersion: _version, ...base } = MINIMAL_RUN;
  const subflow = {
    ...base,
    flowRunId: `${id}-sub`,
    taskRuns: subflowRuns,
    subflows: [],
    moreTaskRuns: [],
    moreSubflows: [],
  };
  const run = { ...base, flowRunId: id, taskRuns, subflows: [subflow], moreTaskRuns: [], moreSubflows: [] };
  await storage.put(runHistoryKey(id, new Date(NOW), 0), encodeRunHistory(run as never));
}

describe('record filters', () => {
  it('filters by size from the listing: a record of another size is never read', async () => {
    const { storage, inspector, sizeOf } = await setUp();
    const minBytes = await sizeOf('r/medium');
    storage.attempts.getRange = 0;
    const page = await inspector.list({ minBytes });
    expect(keysOf(page.records)).toEqual(['r/big', 'r/medium']);
    // One header read per record shown, none for the two smaller ones.
    expect(storage.attempts.getRange).toBe(2);

    const between = { minBytes: await sizeOf('r/stale'), maxBytes: minBytes };
    expect(keysOf(await toArray(inspector.records(between)))).toEqual(['r/medium', 'r/stale']);
    expect(await inspector.invalidate({ maxBytes: await sizeOf('r/small') })).toEqual(['r/small']);
  });

  it('filters by age and expiry; a record that never expires or cannot be read matches neither', async () => {
    const { storage, inspector } = await setUp();
    await storage.put('r/unreadable', Buffer.from('not a record'));
    const list = async (filter: Parameters<CacheInspector['list']>[0]) =>
      keysOf((await inspector.list(filter)).records);
    expect(await list({ createdBefore: new Date(NOW - 7 * DAY) })).toEqual(['r/big']);
    expect(await list({ createdAfter: new Date(NOW - 2 * DAY) })).toEqual(['r/medium', 'r/small']);
    const inADay = new Date(NOW + DAY);
    expect(await list({ expiresBefore: inADay })).toEqual(['r/medium', 'r/stale']);
    expect(await list({ expiresBefore: inADay, expired: false })).toEqual(['r/medium']);
    expect(await list({ createdAfter: new Date(0), task: 'Other.task' })).toEqual([]);
  });

  it('refuses a criterion it cannot apply, naming it', async () => {
    const { inspector } = await setUp();
    await expect(inspector.list({ minBytes: -1 })).rejects.toThrow(
      new RangeError('list: `minBytes` must be a whole number of bytes, 0 or more, got -1'),
    );
    await expect(inspector.list({ maxBytes: 1.5 })).rejects.toThrow('`maxBytes` must be a whole number');
    await expect(inspector.list({ minBytes: 10, maxBytes: 5 })).rejects.toThrow(
      '`minBytes` (10) is more than `maxBytes` (5): no record can match',
    );
    await expect(toArray(inspector.records({ createdBefore: new Date('soon') }))).rejects.toThrow(
      'records: `createdBefore` must be a valid Date, got Invalid Date',
    );
    await expect(inspector.invalidate({ expiresBefore: 'tomorrow' as never })).rejects.toThrow(RangeError);
    await expect(inspector.sortedRecords({}, { sort: 'name' as never })).rejects.toThrow(
      'sortedRecords: `sort` must be one of size, age, lastUsed, got name',
    );
    await expect(inspector.sortedRecords({}, { sort: 'size', offset: -1 })).rejects.toThrow('`offset`');
    await expect(inspector.sortedRecords({}, { sort: 'size', limit: 0 })).rejects.toThrow('`limit`');
  });
});

describe('sorted records', () => {
  it('sorts by size, largest first, pages by offset, and reads only the page when the listing suffices', async () => {
    const { storage, inspector, sizeOf } = await setUp();
    storage.attempts.getRange = 0;
    const first = await inspector.sortedRecords({}, { sort: 'size', limit: 2 });
    expect(keysOf(first.records)).toEqual(['r/big', 'r/medium']);
    expect(first.total).toBe(4);
    expect(first.records[0].metadata?.taskName).toBe('Reports.sales');
    expect(storage.attempts.getRange).toBe(2);
    const second = await inspector.sortedRecords({}, { sort: 'size', limit: 2, offset: 2 });
    expect(keysOf(second.records)).toEqual(['r/stale', 'r/small']);
    const reversed = await inspector.sortedRecords(
      { minBytes: await sizeOf('r/stale') },
      { sort: 'size', reverse: true },
    );
    expect(keysOf(reversed.records)).toEqual(['r/stale', 'r/medium', 'r/big']);
  });

  it('sorts by age, oldest first, with the filter applied and unreadable records last', async () => {
    const { storage, inspector } = await setUp();
    await storage.put('r/unreadable', Buffer.from('not a record'));
    expect(keysOf((await inspector.sortedRecords({}, { sort: 'age' })).records)).toEqual([
      'r/big',
      'r/stale',
      'r/medium',
      'r/small',
      'r/unreadable',
    ]);
    const live = await inspector.sortedRecords({ expired: false }, { sort: 'age', reverse: true });
    expect(keysOf(live.records)).toEqual(['r/small', 'r/medium', 'r/big']);
    expect(live.total).toBe(3);
  });

  it('sorts by last use: the latest Cached or Completed run with the key, subflows included, unused last', async () => {
    const { storage, inspector } = await setUp();
    await writeRun(storage, 'one', [
      taskRun('r/small', 'Completed', '2026-12-01T00:00:00.000Z'),
      taskRun('r/big', 'Cached', '2026-12-03T00:00:00.000Z'),
      // A failed run did not use the record; a time that is not one is skipped.
      taskRun('r/stale', 'Failed', '2026-12-07T00:00:00.000Z'),
      taskRun('r/stale', 'Cached', 'yesterday'),
    ]);
    await writeRun(storage, 'two', [], [taskRun('r/small', 'Cached', '2026-12-05T00:00:00.000Z')]);
    await storage.put(runHistoryKey('broken', new Date(NOW), 1), Buffer.from('{'));

    const sorted = await inspector.sortedRecords({}, { sort: 'lastUsed' });
    expect(keysOf(sorted.records)).toEqual(['r/small', 'r/big', 'r/medium', 'r/stale']);
    expect(Object.fromEntries([...sorted.lastUses].map(([key, date]) => [key, date.toISOString()]))).toEqual({
      'r/small': '2026-12-05T00:00:00.000Z',
      'r/big': '2026-12-03T00:00:00.000Z',
    });
    const reversed = await inspector.sortedRecords({}, { sort: 'lastUsed', reverse: true });
    expect(keysOf(reversed.records)).toEqual(['r/big', 'r/small', 'r/medium', 'r/stale']);
    // Only the keys asked about are kept.
    expect([...(await inspector.lastUses(['r/big', 'r/none'])).keys()]).toEqual(['r/big']);
  });
});

async function toArray<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}
