import { MemoryStorage } from '@flowcache/core';
import { CacheInspector, RUN_HISTORY_PREFIX } from '@flowcache/core/records';
import { loadTrends } from '../../src/shared/loadTrends';
import { writeHistoryFixture } from './support/historyFixture';

const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 11, 7, 10, 30);

describe('loading trends', () => {
  it('reads the history newest first and stops at the first key older than the period', async () => {
    const storage = new MemoryStorage();
    // 1 000 flow runs, one an hour: 41 days of history, of which the last 24 hours hold 24.
    await writeHistoryFixture(storage, { now: NOW - 60_000, flowRuns: 1000, records: 10 });
    const read: string[] = [];
    const get = storage.get.bind(storage);
    storage.get = (key, options) => {
      if (key.startsWith(RUN_HISTORY_PREFIX)) read.push(key);
      return get(key, options);
    };
    const inspector = new CacheInspector(storage, () => NOW);
    const since = NOW - 24 * HOUR;
    const tally = await loadTrends(inspector, { since, until: NOW, bucket: 'hour' });
    // Only the 24 of the period: keys hold the start time, and the first one older than the period ends the walk.
    expect(read).toHaveLength(24);
    const trends = tally.summary();
    const {
      tasks: _tasks,
      flowRuns,
      unreadable: _unreadable,
      ...expected
    } = (await inspector.stats({ since: new Date(since) })).runs;
    expect(trends.runs).toEqual(expected);
    expect(trends.flowRuns).toBe(flowRuns);
    expect(flowRuns).toBe(24);
  });
});
