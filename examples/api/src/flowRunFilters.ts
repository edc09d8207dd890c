import 'reflect-metadata';
import assert from 'node:assert/strict';
import { Engine, Flow, MemoryStorage, Task } from '@flowcache/core';
import {
  CacheInspector,
  MAX_FLOW_RUN_BYTES_PER_PAGE,
  MAX_FLOW_RUN_READS_PER_PAGE,
  type FlowRunFilter,
  type FlowRunsPage,
} from '@flowcache/core/records';

class Deliveries {
  @Task({ cacheKeyFn: (_context, [depot]) => `routes/${String(depot)}` })
  async routes(depot: string): Promise<number> {
    if (depot === 'closed') throw new Error(`${depot} is closed`);
    return depot.length;
  }

  @Flow({ name: 'plan' })
  async plan(depot: string, trucks: number): Promise<number> {
    return (await this.routes(depot)) * trucks;
  }
}

export async function main(): Promise<void> {
  const storage = new MemoryStorage();
  const deliveries = new Engine({ storage }).attach(new Deliveries());
  await deliveries.plan('north', 3);
  await deliveries.plan('south', 3);
  await assert.rejects(deliveries.plan('closed', 1));
  const inspector = new CacheInspector(storage);

  // Every criterion given must hold: the flow's exact name, the state, a period on the start, parameter values.
  // A parameter matches its preview exactly (`trucks: '3'`), and a string parameter its text too (`'north'`).
  const filter: FlowRunFilter = { flow: 'plan', state: 'Completed', parameters: { depot: 'north', trucks: '3' } };
  const page: FlowRunsPage = await inspector.flowRuns({ ...filter, limit: 10 });
  assert.deepEqual(
    page.flowRuns.map((run) => run.parameters.depot),
    ["'north'"],
  );
  const failed = await inspector.flowRuns({ state: 'Failed', since: new Date(Date.now() - 3_600_000) });
  assert.equal(failed.flowRuns[0].error, 'closed is closed');

  // A filter that matches few runs reads at most 200 history objects a page (or `limit`, when larger) and returns
  // a cursor to go on; the period is applied to the keys first, so `since` ends the walk without reading on.
  assert.equal(MAX_FLOW_RUN_READS_PER_PAGE, 200);
  // A page also ends after 64 MiB of history objects (only planted ones are that large), with a cursor.
  assert.equal(MAX_FLOW_RUN_BYTES_PER_PAGE, 64 * 1024 * 1024);
  let cursor: string | undefined;
  const closed = [];
  do {
    const next = await inspector.flowRuns({ parameters: { depot: 'closed' }, cursor });
    closed.push(...next.flowRuns);
    cursor = next.cursor;
  } while (cursor !== undefined);
  assert.equal(closed.length, 1);
}
