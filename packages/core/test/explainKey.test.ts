import 'reflect-metadata';
import {
  explainKey,
  Flow,
  INPUTS,
  Task,
  TASK_SOURCE,
  taskInputHash,
  TaskDefinitionError,
  UnhashableInputError,
} from '../src';
import { testEngine } from './support';

class Sales {
  @Task()
  async byDefault(day: string, region: string): Promise<string> {
    return `${day}/${region}`;
  }

  @Task({ cacheKeyFn: taskInputHash })
  async acrossRuns(day: string, region: string): Promise<string> {
    return `${day}/${region}`;
  }

  @Task({ cacheKeyFn: (_context, [day]) => `custom/${String(day)}` })
  async custom(day: string): Promise<string> {
    return day;
  }

  @Task({ cachePolicy: INPUTS.without('verbose').add(TASK_SOURCE) })
  async quiet(day: string, verbose: boolean): Promise<string> {
    return verbose ? day : '';
  }

  @Flow()
  async nightly(day: string, region: string): Promise<string> {
    return this.byDefault(day, region);
  }

  plain(): void {}
}

describe('explainKey', () => {
  it('gives the key a call would have, with its components, in the current flow run', async () => {
    const { engine, events } = testEngine();
    const sales = engine.attach(new Sales());
    let explanation: ReturnType<typeof explainKey> | undefined;
    class Probe {
      @Flow()
      async run(): Promise<void> {
        explanation = explainKey(sales, 'byDefault', ['mon', 'eu']);
        await sales.byDefault('mon', 'eu');
      }
    }
    await engine.attach(new Probe()).run();
    expect(explanation?.key).toBe(events[0].cacheKey);
    expect(explanation?.madeBy).toBe('inputs + runId + taskSource');
    expect(explanation?.components.map((component) => component.name)).toEqual([
      'inputs.day',
      'inputs.region',
      'runId',
      'taskSource',
    ]);
    for (const component of explanation?.components ?? []) expect(component.digest).toMatch(/^[0-9a-f]{64}$/);
  });

  it('explains taskInputHash keys and leaves a custom key function’s ingredients unknown', async () => {
    const { engine, events } = testEngine();
    const sales = engine.attach(new Sales());
    await sales.acrossRuns('mon', 'eu');
    const explained = explainKey(sales, 'acrossRuns', ['mon', 'eu']);
    expect(explained).toMatchObject({ task: 'Sales.acrossRuns', key: events[0].cacheKey, madeBy: 'cacheKeyFn' });
    expect(explained.components.map((component) => component.name)).toEqual([
      'inputs.day',
      'inputs.region',
      'taskSource',
    ]);
    expect(explainKey(sales, 'custom', ['mon'])).toEqual({
      task: 'Sales.custom',
      key: 'custom/mon',
      madeBy: 'cacheKeyFn',
      components: [],
    });
    expect(explainKey(sales, 'quiet', ['mon', true]).components.map((component) => component.name)).toEqual([
      'inputs.day',
      'taskSource',
    ]);
  });

  it('throws what stops a key, and refuses methods that are not tasks', () => {
    const sales = new Sales();
    expect(() => explainKey(sales, 'acrossRuns', ['mon', { callback: () => 1 }])).toThrow(UnhashableInputError);
    expect(() => explainKey(sales, 'plain', [])).toThrow(TaskDefinitionError);
    expect(() => explainKey(sales, 'nightly', ['mon', 'eu'])).toThrow('Sales.nightly is not a @Task method');
  });
});

describe('miss reports', () => {
  it('say which components changed since the task’s latest stored result', async () => {
    const { engine, events } = testEngine();
    const sales = engine.attach(new Sales());
    await sales.acrossRuns('mon', 'eu');
    await sales.acrossRuns('tue', 'eu');
    await sales.acrossRuns('tue', 'eu');
    await sales.nightly('mon', 'eu');
    await sales.nightly('mon', 'eu');
    expect(events.map((event) => event.cacheMiss)).toEqual([
      { reason: 'absent' },
      { reason: 'absent', changed: ['inputs.day'] },
      undefined,
      { reason: 'absent' },
      { reason: 'absent', changed: ['runId'] },
    ]);
  });
});
