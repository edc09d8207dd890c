import 'reflect-metadata';
import { ConfigurationError, Engine, Flow, MemoryTier, Task, taskInputHash, type TaskRunEvent } from '../src';
import { RecordingLogger, states } from './support';

function newEngine(settings: { memoryCacheSize?: number } = {}): {
  engine: Engine;
  logger: RecordingLogger;
  events: TaskRunEvent[];
} {
  const logger = new RecordingLogger();
  const engine = new Engine({ logger, settings });
  const events: TaskRunEvent[] = [];
  engine.onTaskRun((event) => events.push(event));
  return { engine, logger, events };
}

class Calculator {
  runs = 0;
  failuresLeft = 0;

  @Task({ cacheKeyFn: taskInputHash })
  async square(value: number): Promise<number> {
    this.runs++;
    return value * value;
  }

  @Task({ cacheKeyFn: taskInputHash, persistResult: false })
  async squareInMemory(value: number): Promise<number> {
    this.runs++;
    return value * value;
  }

  @Task({ cacheKeyFn: taskInputHash })
  async echo(value: unknown): Promise<unknown> {
    this.runs++;
    return value;
  }

  @Task({ cacheKeyFn: taskInputHash })
  async explode(message: string): Promise<never> {
    this.runs++;
    throw new Error(message);
  }

  @Task({ cacheKeyFn: taskInputHash, retries: 2 })
  async flaky(value: number): Promise<number> {
    this.runs++;
    if (this.failuresLeft-- > 0) throw new Error('flaky failure');
    return value;
  }

  @Task()
  async byDefault(value: number): Promise<number> {
    this.runs++;
    return value + 1;
  }

  @Flow()
  async twice(value: number): Promise<number[]> {
    return [await this.byDefault(value), await this.byDefault(value)];
  }

  @Flow({ retries: 1 })
  async failsOnce(value: number): Promise<number> {
    const result = await this.byDefault(value);
    if (this.failuresLeft-- > 0) throw new Error('flow failure');
    return result;
  }
}

describe('the task engine in memory', () => {
  it('returns a cached value without running the body again', async () => {
    const { engine, events } = newEngine();
    const calculator = engine.attach(new Calculator());
    await expect(calculator.square(3)).resolves.toBe(9);
    await expect(calculator.square(3)).resolves.toBe(9);
    await expect(calculator.square(4)).resolves.toBe(16);
    expect(calculator.runs).toBe(2);
    expect(events.map((event) => event.state)).toEqual(['Completed', 'Cached', 'Completed']);
  });

  it.each([
    ['undefined', undefined],
    ['null', null],
    ['false', false],
    ['0', 0],
    ['the empty string', ''],
  ])('caches %s like any other value', async (_label, value) => {
    const { engine } = newEngine();
    const calculator = engine.attach(new Calculator());
    await expect(calculator.echo(value)).resolves.toBe(value);
    await expect(calculator.echo(value)).resolves.toBe(value);
    expect(calculator.runs).toBe(1);
  });

  it('returns the very object the body returned, not a copy', async () => {
    const { engine } = newEngine();
    const calculator = engine.attach(new Calculator());
    const first = (await calculator.echo({ rows: [1, 2] })) as { rows: number[] };
    const second = await calculator.echo({ rows: [1, 2] });
    expect(second).toBe(first);
  });

  it('propagates errors unchanged and never caches them', async () => {
    const { engine, events } = newEngine();
    const calculator = engine.attach(new Calculator());
    await expect(calculator.explode('boom')).rejects.toThrow('boom');
    const error = await calculator.explode('boom').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe('boom');
    expect(calculator.runs).toBe(2);
    expect(events.map((event) => event.state)).toEqual(['Failed', 'Failed']);
    expect(events[1].error).toBe(error);
  });

  it('runs 1000 concurrent identical calls once', async () => {
    const { engine, events } = newEngine();
    const calculator = engine.attach(new Calculator());
    const results = await Promise.all(Array.from({ length: 1000 }, () => calculator.square(7)));
    expect(new Set(results)).toEqual(new Set([49]));
    expect(calculator.runs).toBe(1);
    expect(events.filter((event) => event.state === 'Completed')).toHaveLength(1);
    expect(events.filter((event) => event.state === 'Cached')).toHaveLength(999);
  });

  it('shares a running call’s failure with the identical calls waiting for it, then runs again later', async () => {
    const { engine } = newEngine();
    const calculator = engine.attach(new Calculator());
    const outcomes = await Promise.allSettled([calculator.explode('x'), calculator.explode('x')]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected']);
    expect(calculator.runs).toBe(1);
    await expect(calculator.explode('x')).rejects.toThrow('x');
    expect(calculator.runs).toBe(2);
  });

  it('retries a failing task and caches its eventual value', async () => {
    const { engine, events } = newEngine();
    const calculator = engine.attach(new Calculator());
    calculator.failuresLeft = 2;
    await expect(calculator.flaky(5)).resolves.toBe(5);
    await expect(calculator.flaky(5)).resolves.toBe(5);
    expect(calculator.runs).toBe(3);
    expect(events.map((event) => [event.state, event.attempts])).toEqual([
      ['Completed', 3],
      ['Cached', 0],
    ]);
  });

  it('gives up after the last retry with the last error', async () => {
    const { engine, events } = newEngine();
    const calculator = engine.attach(new Calculator());
    calculator.failuresLeft = 5;
    await expect(calculator.flaky(5)).rejects.toThrow('flaky failure');
    expect(calculator.runs).toBe(3);
    expect(events[0]).toMatchObject({ state: 'Failed', attempts: 3 });
  });

  it('evicts the least recently used result when the memory tier is full', async () => {
    const { engine } = newEngine({ memoryCacheSize: 2 });
    const calculator = engine.attach(new Calculator());
    await calculator.squareInMemory(1);
    await calculator.squareInMemory(2);
    await calculator.squareInMemory(1); // 1 is now the most recently used
    await calculator.squareInMemory(3); // evicts 2
    expect(calculator.runs).toBe(3);
    await calculator.squareInMemory(1);
    expect(calculator.runs).toBe(3);
    await calculator.squareInMemory(2);
    expect(calculator.runs).toBe(4);
  });
});

describe('the memory tier', () => {
  it('keeps a new result even when every older one was used since the last eviction', () => {
    const store = new MemoryTier(2);
    const entry = (value: string) => ({ value, taskName: 't', createdAt: new Date(0), expiresAt: undefined });
    store.set('a', entry('a'));
    store.get('a');
    store.set('b', entry('b'));
    store.get('b');
    store.set('c', entry('c'));
    expect([...store.keys()].sort()).toEqual(['b', 'c']);
    expect(store.get('c')?.value).toBe('c');
  });

  it('stays within its byte budget, and does not keep a value larger than all of it', () => {
    const store = new MemoryTier(100, 10_000);
    const entry = (value: unknown) => ({ value, taskName: 't', createdAt: new Date(0), expiresAt: undefined });
    for (let index = 0; index < 10; index++) store.set(`k${index}`, entry('x'.repeat(1000)));
    expect(store.bytes).toBeLessThanOrEqual(10_000);
    expect(store.size).toBeLessThan(10);
    expect(store.has('k9')).toBe(true);
    expect(store.set('huge', entry(new Uint8Array(20_000)))).toBe(false);
    expect(store.has('huge')).toBe(false);
    store.clear();
    expect(store.bytes).toBe(0);
  });

  it('refuses a size that is not a positive whole number', () => {
    for (const size of [0, -1, 1.5, NaN]) expect(() => new MemoryTier(size)).toThrow(ConfigurationError);
    expect(() => new MemoryTier(10, 0)).toThrow('MemoryTier needs a positive whole number of bytes, got 0');
  });
});

describe('the default cache key (inputs + task source + run id)', () => {
  it('hits within one flow run and misses in the next one', async () => {
    const { engine, events } = newEngine();
    const calculator = engine.attach(new Calculator());
    await expect(calculator.twice(1)).resolves.toEqual([2, 2]);
    await expect(calculator.twice(1)).resolves.toEqual([2, 2]);
    expect(calculator.runs).toBe(2);
    expect(states(events)).toEqual([
      'Calculator.byDefault:Completed',
      'Calculator.byDefault:Cached',
      'Calculator.byDefault:Completed',
      'Calculator.byDefault:Cached',
    ]);
  });

  it('lets a retried flow reuse the results of tasks that already succeeded', async () => {
    const { engine, events } = newEngine();
    const calculator = engine.attach(new Calculator());
    calculator.failuresLeft = 1;
    await expect(calculator.failsOnce(10)).resolves.toBe(11);
    expect(calculator.runs).toBe(1);
    expect(events.map((event) => event.state)).toEqual(['Completed', 'Cached']);
    expect(events[0].flowRunId).toBe(events[1].flowRunId);
  });

  it('never hits for a task called outside any flow, each call being its own run', async () => {
    const { engine } = newEngine();
    const calculator = engine.attach(new Calculator());
    await calculator.byDefault(1);
    await calculator.byDefault(1);
    expect(calculator.runs).toBe(2);
  });
});

describe('cacheKeyFn', () => {
  it('does not cache a call whose key function returns null or undefined', async () => {
    const { engine, logger } = newEngine();
    let runs = 0;
    class Uncached {
      @Task({ cacheKeyFn: (_context, args) => (args[0] === 'skip' ? null : undefined) })
      async work(_mode: string): Promise<number> {
        return ++runs;
      }
    }
    const service = engine.attach(new Uncached());
    await service.work('skip');
    await service.work('skip');
    await service.work('other');
    expect(runs).toBe(3);
    expect(logger.warnings).toEqual([]);
  });

  it('receives the task, the task run, the flow run with its parameters, and the time', async () => {
    const { engine } = newEngine();
    const seen: unknown[] = [];
    class Inspecting {
      @Task({
        cacheKeyFn: (context, args) => {
          seen.push({
            task: context.task.name,
            parameterNames: context.task.parameterNames,
            taskRunId: typeof context.taskRun.id,
            flow: context.flowRun?.name,
            parameters: context.flowRun?.parameters,
            now: context.now instanceof Date,
            args,
          });
          return 'fixed';
        },
      })
      async step(region: string, limit: number): Promise<string> {
        return `${region}:${limit}`;
      }

      @Flow()
      async report(day: string): Promise<string> {
        return this.step('eu', 3);
      }
    }
    await engine.attach(new Inspecting()).report('mon');
    expect(seen).toEqual([
      {
        task: 'Inspecting.step',
        parameterNames: ['region', 'limit'],
        taskRunId: 'string',
        flow: 'Inspecting.report',
        parameters: { day: 'mon' },
        now: true,
        args: ['eu', 3],
      },
    ]);
  });

  it('runs a call uncached with one warning when its key cannot be computed', async () => {
    const { engine, logger, events } = newEngine();
    let runs = 0;
    class Broken {
      @Task({ cacheKeyFn: taskInputHash })
      async use(client: { send: () => void }): Promise<number> {
        client.send();
        return ++runs;
      }
    }
    const service = engine.attach(new Broken());
    const client = { send: () => undefined };
    await expect(service.use(client)).resolves.toBe(1);
    await expect(service.use(client)).resolves.toBe(2);
    expect(events.map((event) => [event.state, event.cacheKey])).toEqual([
      ['Completed', undefined],
      ['Completed', undefined],
    ]);
    expect(logger.warnings).toHaveLength(1);
    expect(logger.warnings[0]).toMatch(/Broken\.use runs uncached/);
    expect(logger.warnings[0]).toMatch(/args\[0\]\.send/);
  });

  it('warns once when the key function returns something that is not a key', async () => {
    const { engine, logger } = newEngine();
    class Wrong {
      @Task({ cacheKeyFn: () => 42 as unknown as string })
      async work(): Promise<string> {
        return 'done';
      }
    }
    const service = engine.attach(new Wrong());
    await service.work();
    await service.work();
    expect(logger.warnings).toEqual([
      expect.stringMatching(/Wrong\.work runs uncached because it has no cache key: its cacheKeyFn returned 42/),
    ]);
  });
});
