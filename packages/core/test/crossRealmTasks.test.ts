/**
 * What a user sees when a task's arguments or results come from another JavaScript realm: jest runs this file in a
 * `vm` context, so `fs.statSync(file).mtime` (made by Node, outside it) and `vm.runInNewContext` values are not
 * `instanceof` this file's `Date` or `Map`. Keys, key explanations, memory accounting and previews must treat them
 * as the values they are.
 */
import 'reflect-metadata';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { Container, injectable } from 'inversify';
import {
  explainKey,
  INPUTS,
  installFlowcache,
  MemoryTier,
  MemoryStorage,
  RESULT_STORAGE,
  Task,
  TASK_SOURCE,
  taskInputHash,
  type TaskRunEvent,
} from '../src';
import { previewValue } from '../src/records';
import { RecordingLogger, recordKeys, states } from './support';

@injectable()
class Reports {
  bodyRuns = 0;

  /** Reads a file, keyed on its path and modification time: a new mtime must run the body again. */
  @Task({ cacheKeyFn: taskInputHash, persistResult: true })
  async load(file: string, _modifiedAt: Date): Promise<string> {
    this.bodyRuns++;
    return fs.readFileSync(file, 'utf8');
  }

  @Task({ cachePolicy: INPUTS.add(TASK_SOURCE) })
  async summarize(options: unknown): Promise<string> {
    return JSON.stringify(options);
  }
}

function setUp() {
  const container = new Container();
  const storage = new MemoryStorage();
  container.bind(RESULT_STORAGE).toConstantValue(storage);
  const engine = installFlowcache(container, { logger: new RecordingLogger() });
  const taskRuns: TaskRunEvent[] = [];
  engine.onTaskRun((event) => taskRuns.push(event));
  container.bind(Reports).toSelf().inSingletonScope();
  return { reports: container.get(Reports), storage, taskRuns };
}

describe('tasks keyed on values from another realm', () => {
  let directory: string;
  beforeEach(() => {
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'flowcache-realms-'));
  });
  afterEach(() => {
    fs.rmSync(directory, { recursive: true, force: true });
  });

  /** Writes the file and sets its modification time, so the test never depends on the clock moving. */
  function writeAt(file: string, text: string, modified: Date): void {
    fs.writeFileSync(file, text);
    fs.utimesSync(file, modified, modified);
  }

  it('runs the body again when the file’s modification time (a Date made by Node) changes', async () => {
    const { reports, storage, taskRuns } = setUp();
    const file = path.join(directory, 'sales.csv');

    writeAt(file, 'monday', new Date(Date.UTC(2026, 0, 1)));
    expect(fs.statSync(file).mtime).not.toBeInstanceOf(Date);
    await expect(reports.load(file, fs.statSync(file).mtime)).resolves.toBe('monday');
    await expect(reports.load(file, fs.statSync(file).mtime)).resolves.toBe('monday');

    writeAt(file, 'tuesday', new Date(Date.UTC(2026, 0, 2)));
    await expect(reports.load(file, fs.statSync(file).mtime)).resolves.toBe('tuesday');

    expect(reports.bodyRuns).toBe(2);
    expect(states(taskRuns)).toEqual(['Reports.load:Completed', 'Reports.load:Cached', 'Reports.load:Completed']);
    expect(await recordKeys(storage)).toHaveLength(2);
    // The key of Node's Date is the key of this realm's Date of the same time: a result cached in production
    // (no vm) is found by the same call in a test, and the other way round.
    await expect(reports.load(file, new Date(Date.UTC(2026, 0, 2)))).resolves.toBe('tuesday');
    expect(reports.bodyRuns).toBe(2);
  });

  it('explains the same key and components for a value of another realm as for the same value of this realm', () => {
    const { reports } = setUp();
    const here = { since: new Date(5), regions: new Set(['eu']), limits: new Map([['eu', 10]]) };
    const options = (since: number) =>
      `({ since: new Date(${since}), regions: new Set(["eu"]), limits: new Map([["eu", 10]]) })`;
    const there = vm.runInNewContext(options(5));
    const unequal = vm.runInNewContext(options(6));

    const explained = explainKey(reports, 'summarize', [here]);
    expect(explainKey(reports, 'summarize', [there])).toEqual(explained);
    const other = explainKey(reports, 'summarize', [unequal]);
    expect(other.key).not.toBe(explained.key);
    expect(other.components.find((component) => component.name === 'inputs.options')?.digest).not.toBe(
      explained.components.find((component) => component.name === 'inputs.options')?.digest,
    );
    const file = path.join(directory, 'sales.csv');
    writeAt(file, 'monday', new Date(Date.UTC(2026, 0, 1)));
    expect(explainKey(reports, 'load', [file, fs.statSync(file).mtime]).key).toBe(
      explainKey(reports, 'load', [file, new Date(Date.UTC(2026, 0, 1))]).key,
    );
  });
});

describe('the memory tier and previews with values from another realm', () => {
  const entry = (value: unknown) => ({ value, taskName: 't', createdAt: new Date(0), expiresAt: undefined });

  // [what, this realm's value, the same value's source for a new realm]
  const VALUES: Array<[string, unknown, string]> = [
    ['a Map', new Map([['k', 'x'.repeat(1000)]]), 'new Map([["k", "x".repeat(1000)]])'],
    ['a Set', new Set(['x'.repeat(1000), 'y']), 'new Set(["x".repeat(1000), "y"])'],
    ['a typed array', new Float64Array(100), 'new Float64Array(100)'],
    ['a SharedArrayBuffer', new SharedArrayBuffer(1000), 'new SharedArrayBuffer(1000)'],
    [
      'nested values',
      { rows: [new Map([[1, new Set([2])]])], at: new Date(0) },
      '({ rows: [new Map([[1, new Set([2])]])], at: new Date(0) })',
    ],
  ];

  it.each(VALUES)('counts %s of another realm as many bytes as one of this realm', (_what, here, source) => {
    const sizes = [here, vm.runInNewContext(source)].map((value) => {
      const store = new MemoryTier();
      store.set('k', entry(value));
      return store.bytes;
    });
    expect(sizes[1]).toBe(sizes[0]);
  });

  it('does not keep a Map of another realm, or a SharedArrayBuffer, that is larger than the whole tier', () => {
    const store = new MemoryTier(100, 10_000);
    expect(store.set('huge', entry(vm.runInNewContext('new Map([["k", "x".repeat(20000)]])')))).toBe(false);
    expect(store.set('shared', entry(new SharedArrayBuffer(20_000)))).toBe(false);
    expect(store.size).toBe(0);
  });

  it.each(VALUES)('previews %s of another realm as one of this realm', (_what, here, source) => {
    expect(previewValue(vm.runInNewContext(source))).toBe(previewValue(here));
  });
});
