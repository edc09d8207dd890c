/**
 * Hostile arguments: cycles are hashed, nesting too deep to hash and values that throw when read (a revoked Proxy,
 * a throwing getter or Proxy trap) are refused with an UnhashableInputError naming the task and the path (never a
 * RangeError from an exhausted stack or the raw error thrown), and huge binary data and strings are hashed.
 */
import 'reflect-metadata';
import { Engine, hashKey, stableHash, Task, taskInputHash, UnhashableInputError } from '../../src';
import { RecordingLogger } from '../support';

const DEPTH = 100_000;

function nestedArrays(depth: number): unknown[] {
  let value: unknown[] = [];
  for (let level = 0; level < depth; level++) value = [value];
  return value;
}

function objectChain(depth: number): object {
  let value: object = { end: true };
  for (let level = 0; level < depth; level++) value = { next: value };
  return value;
}

function mapChain(depth: number): Map<string, unknown> {
  let value = new Map<string, unknown>();
  for (let level = 0; level < depth; level++) value = new Map([['next', value]]);
  return value;
}

function setChain(depth: number): Set<unknown> {
  let value = new Set<unknown>();
  for (let level = 0; level < depth; level++) value = new Set([value]);
  return value;
}

class Wrapper {
  constructor(readonly inner: number) {}
  [hashKey](): unknown {
    return this.inner === 0 ? 'end' : new Wrapper(this.inner - 1);
  }
}

class Jobs {
  runs = 0;
  strictRuns = 0;

  @Task({ cacheKeyFn: taskInputHash })
  async load(input: unknown): Promise<number> {
    this.runs++;
    return this.runs;
  }

  @Task({ cacheKeyFn: taskInputHash, strictKeys: true })
  async loadStrictly(input: unknown): Promise<number> {
    this.strictRuns++;
    return this.strictRuns;
  }
}

function jobs(): { jobs: Jobs; logger: RecordingLogger } {
  const logger = new RecordingLogger();
  return { jobs: new Engine({ logger, settings: { persistResultsByDefault: false } }).attach(new Jobs()), logger };
}

/** The thrown error, or the result: lets a test look at whatever came out. */
function outcomeOf(run: () => unknown): unknown {
  try {
    return run();
  } catch (error) {
    return error;
  }
}

describe('cyclic arguments', () => {
  function cycle(): Record<string, unknown> {
    const node: Record<string, unknown> = { name: 'node', children: [] };
    (node.children as unknown[]).push(node, { parent: node });
    return node;
  }

  it('are hashed: equal cycles give equal digests, a different cycle another', () => {
    expect(stableHash(cycle())).toBe(stableHash(cycle()));
    const other = cycle();
    other.name = 'other';
    expect(stableHash(other)).not.toBe(stableHash(cycle()));
    const selfMap = new Map<string, unknown>();
    selfMap.set('self', selfMap);
    expect(stableHash(selfMap)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('are cached by a task', async () => {
    const { jobs: tasks, logger } = jobs();
    await tasks.load(cycle());
    await tasks.load(cycle());
    expect(tasks.runs).toBe(1);
    expect(logger.warnings).toEqual([]);
  });
});

describe.each([
  ['arrays nested 100 000 deep', () => nestedArrays(DEPTH), /^args\[0\](\[0\])+<\d+ more levels>(\[0\])+$/],
  ['an object chain 100 000 long', () => objectChain(DEPTH), /^args\[0\](\.next)+<\d+ more levels>(\.next)+$/],
  ['Maps nested 100 000 deep', () => mapChain(DEPTH), /^args\[0\]<Map value at "next">/],
  ['stable forms nested 100 000 deep', () => new Wrapper(DEPTH), /^args\[0\](<stable form>)+/],
])('%s', (_label, make, path) => {
  it('are refused by stableHash with an UnhashableInputError, never a RangeError', () => {
    const error = outcomeOf(() => stableHash(make()));
    expect(error).toBeInstanceOf(UnhashableInputError);
    expect((error as UnhashableInputError).message).toMatch(
      /cannot hash value.*: it is nested (deeper than 1000 levels|too deeply to hash)/,
    );
  });

  it('run uncached with one warning naming the task and the argument', async () => {
    const { jobs: tasks, logger } = jobs();
    const input = make();
    expect(await tasks.load(input)).toBe(1);
    expect(await tasks.load(input)).toBe(2);
    expect(logger.warnings).toHaveLength(1);
    expect(logger.warnings[0]).toMatch(
      /^Jobs\.load runs uncached because it has no cache key: UnhashableInputError: cannot hash args\[0\]/,
    );
    expect(logger.warnings[0]).not.toMatch(/Maximum call stack/);
  });

  it('fail with strictKeys: an UnhashableInputError with the task name and the path', async () => {
    const { jobs: tasks } = jobs();
    const error = await tasks.loadStrictly(make()).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(UnhashableInputError);
    expect((error as UnhashableInputError).taskName).toBe('Jobs.loadStrictly');
    expect((error as UnhashableInputError).path).toMatch(path);
    expect((error as Error).message).toMatch(/^Jobs\.loadStrictly: cannot hash args\[0\]/);
    expect(tasks.strictRuns).toBe(0);
  });
});

function revokedProxy(): object {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
}

/** An object whose enumerable property `name` throws `error` when read. */
function throwingGetter(name: string, error: Error): object {
  return Object.defineProperty({}, name, {
    enumerable: true,
    get: () => {
      throw error;
    },
  });
}

function throwingOwnKeys(error: Error): object {
  return new Proxy(
    {},
    {
      ownKeys: () => {
        throw error;
      },
    },
  );
}

it('refuses with an UnhashableInputError an argument whose getter throws a revoked Proxy', () => {
  const thrower = Object.defineProperty({}, 'token', {
    enumerable: true,
    get: () => {
      throw revokedProxy(); // even looking at what was thrown throws
    },
  });
  const error = outcomeOf(() => stableHash({ session: thrower }, 'args[0]'));
  expect(error).toBeInstanceOf(UnhashableInputError);
  expect((error as UnhashableInputError).path).toBe('args[0].session.token');
});

describe.each([
  [
    'a revoked Proxy',
    () => ({ client: revokedProxy() }),
    'args[0].client',
    /TypeError: Cannot perform '\w+' on a proxy that has been revoked/,
  ],
  [
    'a getter that throws',
    () => ({ user: throwingGetter('name', new Error('session expired')) }),
    'args[0].user.name',
    /Error: session expired/,
  ],
  [
    'a Proxy whose ownKeys trap throws',
    () => [throwingOwnKeys(new RangeError('no keys today'))],
    'args[0][0]',
    /RangeError: no keys today/,
  ],
  [
    'a Map whose value’s getter throws',
    () => new Map([['k', throwingGetter('v', new TypeError('gone'))]]),
    'args[0]<Map value at "k">.v',
    /TypeError: gone/,
  ],
])('an argument holding %s', (_label, make, path, thrown) => {
  it('is refused by stableHash with an UnhashableInputError naming the path and carrying what was thrown', () => {
    const error = outcomeOf(() => stableHash(make(), 'args[0]'));
    expect(error).toBeInstanceOf(UnhashableInputError);
    expect((error as UnhashableInputError).path).toBe(path);
    expect((error as UnhashableInputError).reason).toMatch(new RegExp(`^reading it threw: ${thrown.source}$`));
    expect(String((error as Error).cause)).toMatch(thrown);
  });

  it('runs uncached with one warning naming the task, the argument and what was thrown', async () => {
    const { jobs: tasks, logger } = jobs();
    expect(await tasks.load(make())).toBe(1);
    expect(await tasks.load(make())).toBe(2);
    expect(logger.warnings).toHaveLength(1);
    expect(logger.warnings[0]).toContain(
      `Jobs.load runs uncached because it has no cache key: ` +
        `UnhashableInputError: cannot hash ${path}: reading it threw: `,
    );
    expect(logger.warnings[0]).toMatch(thrown);
  });

  it('fails with strictKeys: an UnhashableInputError with the task name, the path and the cause', async () => {
    const { jobs: tasks } = jobs();
    const error = await tasks.loadStrictly(make()).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(UnhashableInputError);
    expect((error as UnhashableInputError).taskName).toBe('Jobs.loadStrictly');
    expect((error as UnhashableInputError).path).toBe(path);
    expect(String((error as Error).cause)).toMatch(thrown);
    expect(tasks.strictRuns).toBe(0);
  });
});

describe('nesting within the depth limit', () => {
  it('is hashed: arrays and objects 999 deep', () => {
    expect(stableHash(nestedArrays(999))).toBe(stableHash(nestedArrays(999)));
    expect(stableHash(objectChain(999))).not.toBe(stableHash(objectChain(998)));
  });

  // Maps and Sets take more stack per level: within the limit they are hashed, or refused if the stack runs out.
  it.each([
    ['Maps', () => mapChain(999)],
    ['Sets', () => setChain(999)],
  ])('hashes %s nested 999 deep or refuses them with an UnhashableInputError', async (_label, make) => {
    const outcome = outcomeOf(() => stableHash(make()));
    if (typeof outcome !== 'string') expect(outcome).toBeInstanceOf(UnhashableInputError);
    const { jobs: tasks } = jobs();
    const called = await tasks.loadStrictly(make()).then(
      (runs) => runs,
      (thrown: unknown) => thrown,
    );
    if (typeof called !== 'number') {
      expect(called).toBeInstanceOf(UnhashableInputError);
      expect((called as UnhashableInputError).taskName).toBe('Jobs.loadStrictly');
    }
  });

  it('never lets a RangeError escape when the caller is already deep in the stack', () => {
    const deep = nestedArrays(999);
    const atDepth = (frames: number, run: () => unknown): unknown => (frames === 0 ? run() : atDepth(frames - 1, run));
    let hashed = 0;
    for (const frames of [2_000, 6_000, 8_000, 10_000, 12_000]) {
      let outcome: unknown;
      try {
        outcome = atDepth(frames, () => outcomeOf(() => stableHash(deep)));
      } catch {
        continue; // the test's own recursion ran out before hashing began
      }
      hashed++;
      if (typeof outcome !== 'string') {
        expect(outcome).toBeInstanceOf(UnhashableInputError);
        expect((outcome as Error).message).toMatch(
          /nested too deeply to hash \(the call stack ran out \d+ levels down\)/,
        );
      }
    }
    expect(hashed).toBeGreaterThan(0);
  });
});

describe('huge arguments', () => {
  jest.setTimeout(60_000);

  it('hashes a 100 MB Buffer, and one changed byte changes the digest', async () => {
    const big = Buffer.alloc(100 * 1024 * 1024, 0x61);
    const digest = stableHash(big);
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
    big[big.length - 1] = 0x62;
    expect(stableHash(big)).not.toBe(digest);

    const { jobs: tasks, logger } = jobs();
    await tasks.load(big);
    await tasks.load(big);
    expect(tasks.runs).toBe(1);
    expect(logger.warnings).toEqual([]);
  });

  it('hashes a 50 MB string, ASCII and not', async () => {
    const ascii = 'a'.repeat(50 * 1024 * 1024);
    const accented = 'é'.repeat(25 * 1024 * 1024);
    expect(stableHash(ascii)).toMatch(/^[0-9a-f]{64}$/);
    expect(stableHash(accented)).not.toBe(stableHash(ascii));
    expect(stableHash(`${ascii.slice(1)}b`)).not.toBe(stableHash(ascii));

    const { jobs: tasks, logger } = jobs();
    await tasks.load(ascii);
    await tasks.load(ascii);
    expect(tasks.runs).toBe(1);
    expect(logger.warnings).toEqual([]);
  });

  // A String object has one own key per character: listing them all took seconds, and failed with "Too many
  // properties to enumerate" at this size.
  it('hashes a String object of 50 million characters like another of the same value', async () => {
    const text = 'a'.repeat(50 * 1024 * 1024);
    const digest = stableHash(new String(text));
    expect(stableHash(new String(`${text}`))).toBe(digest);
    expect(stableHash(new String(`${text.slice(1)}b`))).not.toBe(digest);

    const { jobs: tasks, logger } = jobs();
    await tasks.load(new String(text));
    await tasks.load(new String(text));
    expect(tasks.runs).toBe(1);
    expect(logger.warnings).toEqual([]);
  });
});
