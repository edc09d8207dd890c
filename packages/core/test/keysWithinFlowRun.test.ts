import 'reflect-metadata';
import { CachePolicy, DEFAULT, Flow, INPUTS, Task, TASK_SOURCE, type TaskRunContext } from '../src';
import { testEngine } from './support';

// Within a flow run, a call with one primitive argument reuses the key computed for that argument earlier in the
// run (when the policy is made of INPUTS, TASK_SOURCE and RUN_ID only): the keys must be those computed afresh.
const ARGUMENTS: readonly unknown[] = [1, '1', 1, true, null, Number.NaN, Number.NaN, -0, 0, 2n, 'x'.repeat(300)];

class Lookups {
  runs = 0;

  @Task({ cachePolicy: INPUTS.add(TASK_SOURCE) })
  async find(value: unknown): Promise<number> {
    return ++this.runs;
  }

  @Flow()
  async each(values: readonly unknown[]): Promise<number[]> {
    const results: number[] = [];
    for (const value of values) results.push(await this.find(value));
    return results;
  }
}

describe('keys within a flow run', () => {
  it('gives each call with one primitive argument the key computed afresh for it', async () => {
    const { engine, events } = testEngine();
    const lookups = engine.attach(new Lookups());
    // Outside any flow nothing is reused: each key is computed from the argument.
    for (const value of ARGUMENTS) await lookups.find(value);
    const fresh = events.map((event) => event.cacheKey);
    events.length = 0;
    engine.results.clear();
    await lookups.each(ARGUMENTS);
    await lookups.each(ARGUMENTS);
    expect(events.map((event) => event.cacheKey)).toEqual([...fresh, ...fresh]);
    // 1 and '1' differ, every NaN is alike, -0 is 0.
    expect(new Set(fresh).size).toBe(8);
  });

  it('computes the key of every call again under a policy that may read anything else', async () => {
    let calls = 0;
    class CallCount extends CachePolicy {
      readonly name = 'callCount';
      keyPart(_context: TaskRunContext): number {
        return ++calls;
      }
    }
    class Counted {
      runs = 0;

      @Task({ cachePolicy: DEFAULT.add(new CallCount()) })
      async find(_id: number): Promise<number> {
        return ++this.runs;
      }

      @Flow()
      async twice(): Promise<number[]> {
        return [await this.find(7), await this.find(7)];
      }
    }
    const { engine } = testEngine();
    expect(await engine.attach(new Counted()).twice()).toEqual([1, 2]);
  });
});
