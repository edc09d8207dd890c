import { Flow, INPUTS, NONE, RUN_ID, Task, TASK_SOURCE, taskInputHash } from '../src';
import { testEngine } from './support';

class Orders {
  runs = 0;

  @Task()
  async bare(id: string): Promise<string> {
    this.runs++;
    return id;
  }

  @Task()
  async alsoBare(): Promise<number> {
    return 1;
  }

  @Task({ cachePolicy: INPUTS.add(RUN_ID) })
  async perRun(id: string): Promise<string> {
    return id;
  }

  @Task({ cacheKeyFn: taskInputHash })
  async byInputs(id: string): Promise<string> {
    return id;
  }

  @Task({ cachePolicy: INPUTS.add(TASK_SOURCE) })
  async bySource(id: string): Promise<string> {
    return id;
  }

  @Task({ refreshCache: true })
  async refreshed(id: string): Promise<string> {
    return id;
  }

  @Task({ cachePolicy: NONE })
  async uncached(id: string): Promise<string> {
    return id;
  }

  @Flow()
  async nightly(id: string): Promise<string> {
    await this.bare(id);
    return this.bare(id);
  }
}

const NEVER_REUSED = /never reuses a result/;

describe('a task that can never reuse a result', () => {
  it('warns once, naming the task and the fixes, when a default-policy task is called outside any flow', async () => {
    const { engine, logger } = testEngine();
    const orders = engine.attach(new Orders());
    for (let call = 0; call < 3; call++) await orders.bare('a');
    await orders.bare('b');
    expect(orders.runs).toBe(4);
    expect(logger.warnings).toEqual([
      'Orders.bare is called outside any @Flow and never reuses a result: the default cache policy includes the run ' +
        'id (RUN_ID), and outside a flow each call is a run of its own. To reuse results across calls, give the task ' +
        'cacheKeyFn: taskInputHash (or a cachePolicy without RUN_ID, ' +
        'e.g. INPUTS.add(TASK_SOURCE)), or call it inside a @Flow.',
    ]);
  });

  it('warns once per task, and names a policy of its own that includes RUN_ID', async () => {
    const { engine, logger } = testEngine();
    const orders = engine.attach(new Orders());
    await orders.bare('a');
    await orders.alsoBare();
    await orders.perRun('a');
    await orders.perRun('a');
    expect(logger.warnings.map((warning) => warning.split(' ')[0])).toEqual([
      'Orders.bare',
      'Orders.alsoBare',
      'Orders.perRun',
    ]);
    expect(logger.warnings[2]).toMatch(
      /^Orders\.perRun is called outside any @Flow .*: its cache policy \(inputs \+ runId\) includes the run id/,
    );
  });

  it('says nothing for tasks that can hit, or that were told never to', async () => {
    const { engine, logger } = testEngine();
    const orders = engine.attach(new Orders());
    for (let call = 0; call < 2; call++) {
      await orders.byInputs('a');
      await orders.bySource('a');
      await orders.refreshed('a');
      await orders.uncached('a');
    }
    await expect(orders.nightly('a')).resolves.toBe('a'); // the default policy hits within a flow run
    expect(orders.runs).toBe(1);
    expect(logger.warnings).toEqual([]);
    await orders.bare('a'); // the same engine does warn about the one that cannot
    expect(logger.warnings).toEqual([expect.stringMatching(/^Orders\.bare .*never reuses a result/)]);
  });

  it('says nothing while the refreshCache setting refreshes every task, and warns once it stops', async () => {
    const refreshing = testEngine({ refreshCache: true });
    await refreshing.engine.attach(new Orders()).bare('a');
    expect(refreshing.logger.warnings.filter((warning) => NEVER_REUSED.test(warning))).toEqual([]);
    const reading = testEngine({ refreshCache: false });
    await reading.engine.attach(new Orders()).bare('a');
    expect(reading.logger.warnings.filter((warning) => NEVER_REUSED.test(warning))).toHaveLength(1);
  });
});
