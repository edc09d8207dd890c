import 'reflect-metadata';
import {
  compose,
  DEFAULT,
  explainKey,
  FLOW_PARAMETERS,
  Flow,
  INPUTS,
  NONE,
  RUN_ID,
  Task,
  TASK_SOURCE,
  type CachePolicy,
} from '../src';
import { testEngine } from './support';

function serviceWith(policy: CachePolicy) {
  class Service {
    runs = 0;

    @Task({ cachePolicy: policy })
    async fetch(region: string, debug = false, _trace?: string): Promise<string> {
      this.runs++;
      return `${region}${debug ? '!' : ''}`;
    }

    @Task({ cachePolicy: policy })
    async noArguments(): Promise<number> {
      return ++this.runs;
    }

    @Flow()
    async daily(day: string, region: string): Promise<string> {
      return this.fetch(region);
    }
  }
  const { engine, events, logger } = testEngine();
  return { service: engine.attach(new Service()), events, logger };
}

describe('cache policies', () => {
  it('INPUTS + TASK_SOURCE reuse results across flow runs; DEFAULT only within one', async () => {
    const across = serviceWith(INPUTS.add(TASK_SOURCE));
    await across.service.daily('mon', 'eu');
    await across.service.daily('tue', 'eu');
    expect(across.service.runs).toBe(1);

    const within = serviceWith(DEFAULT);
    await within.service.daily('mon', 'eu');
    await within.service.daily('mon', 'eu');
    expect(within.service.runs).toBe(2);
  });

  it('INPUTS.without leaves arguments out by name or by position, wherever they sit', async () => {
    for (const policy of [INPUTS.without('debug'), INPUTS.without(1), INPUTS.without('debug', '_trace')]) {
      const { service } = serviceWith(policy.add(TASK_SOURCE));
      await service.fetch('eu', true);
      await expect(service.fetch('eu', false)).resolves.toBe('eu!'); // the first result: debug is left out
      await service.fetch('eu');
      expect(service.runs).toBe(1);
      await service.fetch('us', true);
      expect(service.runs).toBe(2);
    }
    expect(DEFAULT.without('debug').toString()).toBe('inputs + runId + taskSource');
    expect(String(DEFAULT.without('debug').members[0])).toBe('inputs without debug');
  });

  it('FLOW_PARAMETERS keys by the enclosing flow run’s parameters and gives no key outside a flow', async () => {
    const { service } = serviceWith(FLOW_PARAMETERS);
    await service.daily('mon', 'eu');
    await service.daily('mon', 'eu');
    expect(service.runs).toBe(1);
    await service.daily('tue', 'eu');
    expect(service.runs).toBe(2);
    await service.fetch('eu');
    await service.fetch('eu');
    expect(service.runs).toBe(4);
  });

  it('RUN_ID alone reuses one result for every call in a flow run', async () => {
    const { service, events } = serviceWith(RUN_ID);
    class Caller {
      @Flow()
      async run(): Promise<string[]> {
        return [await service.fetch('eu'), await service.fetch('us')];
      }
    }
    const { engine } = testEngine();
    await expect(engine.attach(new Caller()).run()).resolves.toEqual(['eu', 'eu']);
    expect(events.map((event) => event.state)).toEqual(['Completed', 'Cached']);
  });

  it('NONE never caches, and is the identity of composition', async () => {
    const { service } = serviceWith(NONE);
    await service.fetch('eu');
    await service.fetch('eu');
    expect(service.runs).toBe(2);
    expect(NONE.add(INPUTS, TASK_SOURCE).toString()).toBe('inputs + taskSource');
    expect(compose().toString()).toBe('none');
  });

  it('INPUTS alone does not cache a call without arguments, as in Prefect', async () => {
    const { service } = serviceWith(INPUTS);
    await service.noArguments();
    await service.noArguments();
    expect(service.runs).toBe(2);
  });

  it('composes commutatively, merging duplicates and INPUTS exclusions', () => {
    const { service } = serviceWith(DEFAULT);
    const keyOf = (policy: CachePolicy) => {
      const { service: other } = serviceWith(policy);
      return explainKey(other, 'fetch', ['eu']);
    };
    expect(keyOf(INPUTS.add(TASK_SOURCE)).key).toBe(keyOf(TASK_SOURCE.add(INPUTS)).key);
    expect(keyOf(INPUTS.add(TASK_SOURCE, INPUTS)).key).toBe(keyOf(compose(INPUTS, TASK_SOURCE)).key);
    expect(INPUTS.without('a').add(INPUTS.without('b')).toString()).toBe('inputs without a, b');
    expect(DEFAULT.toString()).toBe('inputs + runId + taskSource');
    expect(TASK_SOURCE.without('region')).toBe(TASK_SOURCE);
    expect(service.runs).toBe(0);
  });
});

describe('TASK_SOURCE and the version option', () => {
  const makeClass = (version: string | undefined, body: () => number) => {
    class Model {
      @Task({ cachePolicy: TASK_SOURCE, ...(version === undefined ? {} : { version }) })
      async predict(): Promise<number> {
        return body();
      }
    }
    return new Model();
  };

  it('change with the method’s source, unless a version stands for it', () => {
    const key = (instance: object) => explainKey(instance as { predict(): Promise<number> }, 'predict', []).key;
    expect(key(makeClass(undefined, () => 1))).toBe(key(makeClass(undefined, () => 2))); // same source text

    const edited = (() => {
      class Model {
        @Task({ cachePolicy: TASK_SOURCE })
        async predict(): Promise<number> {
          return 3; // same class and method, another source text
        }
      }
      return new Model();
    })();
    expect(key(edited)).not.toBe(key(makeClass(undefined, () => 1)));

    const pinned = (version: string) => {
      class Model {
        @Task({ cachePolicy: TASK_SOURCE, version })
        async predict(): Promise<number> {
          return 4; // another source text again, pinned by a version
        }
      }
      return new Model();
    };
    expect(key(pinned('2026-11'))).toBe(key(makeClass('2026-11', () => 1)));
    expect(key(pinned('2026-11'))).not.toBe(key(pinned('2026-12')));
  });
});

describe('cacheKeyFn and cachePolicy together', () => {
  it('use cacheKeyFn and warn once that cachePolicy is ignored', async () => {
    const { engine, logger } = testEngine();
    let runs = 0;
    class Both {
      @Task({ cacheKeyFn: () => 'fixed', cachePolicy: NONE })
      async work(_input: number): Promise<number> {
        return ++runs;
      }
    }
    const both = engine.attach(new Both());
    await both.work(1);
    await both.work(2);
    expect(runs).toBe(1);
    expect(logger.warnings).toEqual([
      'Both.work has both cacheKeyFn and cachePolicy; cacheKeyFn is used and cachePolicy ignored. Remove one.',
    ]);
  });
});
