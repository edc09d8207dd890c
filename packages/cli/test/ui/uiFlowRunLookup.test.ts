import { MemoryStorage, type ResultStorage } from '@flowcache/core';
import { CacheInspector } from '@flowcache/core/records';
import { SUBFLOW_SEARCH_READS } from '../../src/ui/pages/flowRunPage';
import { startUiServer, type UiServer } from '../../src/ui/startUiServer';
import { send } from './support/http';
import { plantFlowRuns } from './support/plantedFlowRuns';
import { flowRun } from './support/runHistoryBuilder';

const RUNS = 300;
const NOW = Date.UTC(2026, 11, 7);

/** A flow run's page by id: what one request may read of the run history. */
describe('flowcache ui flow-run page lookup', () => {
  let server: UiServer;
  let reads = 0;

  beforeAll(async () => {
    const storage = new MemoryStorage();
    // Each top-level run `run-<n>` holds a subflow `sub-<n>`; `run-0` is the newest.
    await plantFlowRuns(
      storage,
      Array.from({ length: RUNS }, (_, index) => ({
        flowRunId: `run-${index}`,
        startedAt: new Date(NOW - index * 60_000),
        subflows: [flowRun(new Date(NOW - index * 60_000), { flowRunId: `sub-${index}`, flowName: 'Sub.flow' })],
      })),
    );
    const counting = Object.assign(Object.create(storage) as ResultStorage, {
      get: (...args: Parameters<ResultStorage['get']>) => {
        reads++;
        return storage.get(...args);
      },
    });
    const inspector = new CacheInspector(counting);
    server = await startUiServer({ inspector, port: 0, host: '127.0.0.1', allowDelete: false });
  });

  afterAll(() => server?.close());

  async function page(path: string): Promise<{ status: number; body: string; reads: number }> {
    reads = 0;
    const { status, body } = await send(`${server.url}${path.slice(1)}`);
    return { status, body, reads };
  }

  it('reads only the top-level run that holds a subflow its links name, however old', async () => {
    const answer = await page(`/runs/sub-${RUNS - 1}?in=run-${RUNS - 1}`);
    expect([answer.status, answer.reads]).toEqual([200, 1]);
    expect(answer.body).toContain(`sub-${RUNS - 1}`);
  });

  it('looks for a bare subflow id in the newest runs only, and says so when it is not there', async () => {
    expect((await page('/runs/sub-3')).status).toBe(200);
    const missing = await page('/runs/nothing-like-it');
    expect([missing.status, missing.reads]).toEqual([404, SUBFLOW_SEARCH_READS]);
    expect(missing.body).toContain(`a subflow is looked for in the newest ${SUBFLOW_SEARCH_READS} flow runs`);
    expect((await page(`/runs/sub-${RUNS - 1}`)).status).toBe(404);
  });

  it('answers 404 naming the top-level run when it does not hold the subflow', async () => {
    const answer = await page('/runs/sub-1?in=run-2');
    expect([answer.status, answer.reads]).toEqual([404, 1]);
    expect(answer.body).toContain('No flow run sub-1 in the run history of top-level flow run run-2.');
  });
});
