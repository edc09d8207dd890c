/**
 * `flowRun(id)`: a top-level run found by its key, a subflow inside its top-level run's object. With `topLevel`
 * only that object is read; with `maxReads`, a missing id costs at most that many reads.
 */
import { MemoryStorage, type ResultStorage } from '../../src';
import { encodeRunHistory, runHistoryKey } from '../../src/history/RunHistory';
import { CacheInspector, type FlowRunSummary } from '../../src/records';

const T0 = Date.UTC(2026, 11, 1);

function run(flowRunId: string, subflows: FlowRunSummary[] = []): FlowRunSummary {
  return {
    flowRunId,
    flowName: 'F',
    state: 'Completed',
    parameters: {},
    startedAt: new Date(T0).toISOString(),
    endedAt: new Date(T0 + 1000).toISOString(),
    durationMs: 1000,
    attempts: 1,
    error: null,
    taskRuns: [],
    subflows,
    moreTaskRuns: [],
    moreSubflows: [],
  };
}

/** 50 top-level runs `run-0` (newest) … `run-49`, each holding one subflow `sub-<n>`. */
async function history(): Promise<{ inspector: CacheInspector; reads: () => number }> {
  const storage = new MemoryStorage();
  for (let index = 0; index < 50; index++) {
    const startedAt = new Date(T0 - index * 60_000);
    const summary = run(`run-${index}`, [run(`sub-${index}`)]);
    await storage.put(runHistoryKey(summary.flowRunId, startedAt, 0), encodeRunHistory(summary));
  }
  let reads = 0;
  const counting = Object.assign(Object.create(storage) as ResultStorage, {
    get: (...args: Parameters<ResultStorage['get']>) => {
      reads++;
      return storage.get(...args);
    },
  });
  return { inspector: new CacheInspector(counting), reads: () => reads };
}

describe('CacheInspector.flowRun', () => {
  it('reads only the top-level run asked for, found by its key', async () => {
    const { inspector, reads } = await history();
    await expect(inspector.flowRun('run-40')).resolves.toMatchObject({ flowRunId: 'run-40' });
    expect(reads()).toBe(1);
  });

  it('finds an old subflow by looking through the top-level runs, newest first', async () => {
    const { inspector, reads } = await history();
    await expect(inspector.flowRun('sub-40')).resolves.toMatchObject({ flowRunId: 'sub-40' });
    expect(reads()).toBe(41);
  });

  it('with topLevel, reads only the object of the top-level run that holds the subflow', async () => {
    const { inspector, reads } = await history();
    await expect(inspector.flowRun('sub-40', { topLevel: 'run-40' })).resolves.toMatchObject({ flowRunId: 'sub-40' });
    expect(reads()).toBe(1);
    // A subflow the named run does not hold is not looked for elsewhere.
    await expect(inspector.flowRun('sub-41', { topLevel: 'run-40' })).resolves.toBeUndefined();
    await expect(inspector.flowRun('sub-41', { topLevel: 'missing' })).resolves.toBeUndefined();
    expect(reads()).toBe(2);
  });

  it('with maxReads, gives up on a missing id after that many reads', async () => {
    const { inspector, reads } = await history();
    await expect(inspector.flowRun('missing', { maxReads: 10 })).resolves.toBeUndefined();
    expect(reads()).toBe(10);
    await expect(inspector.flowRun('sub-5', { maxReads: 10 })).resolves.toMatchObject({ flowRunId: 'sub-5' });
    await expect(inspector.flowRun('sub-40', { maxReads: 10 })).resolves.toBeUndefined();
  });
});
