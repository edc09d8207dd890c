// S3 answering slowly and failing intermittently, over the real S3 protocol: a proxy in front of s3rver adds
// latency and fails two of every three requests for each object (503 SlowDown, then a connection reset before
// any answer). Transient failures are retried with backoff, boundedly; a body's side effects never repeat
// because a request failed; and when the retries run out, values are still returned with one warning each.
import 'reflect-metadata';
import { Engine, Flow, Task, taskInputHash, type TaskRunEvent } from '@flowcache/core';
import { S3LockManager, S3Storage } from '@flowcache/storage-s3';
import { startS3rver, type S3rverFixture } from '../../packages/storage-s3/test/support/s3rverFixture';
import { FaultProxy, type FaultAction } from './support/faultProxy';
import { RecordingLogger } from '../support/recordingLogger';

/** Side effects of the bodies, across every engine ("process") of a test: how often each key was computed. */
const executions = new Map<string, number>();
const executed = (key: string) => executions.set(key, (executions.get(key) ?? 0) + 1);

class Reports {
  @Task({ cacheKeyFn: taskInputHash })
  async load(day: string): Promise<number[]> {
    executed(`load ${day}`);
    return [day.length, day.charCodeAt(0)];
  }

  @Task({ cacheKeyFn: taskInputHash, persistMode: 'background' })
  async summarize(rows: number[][]): Promise<number> {
    executed(`summarize ${JSON.stringify(rows)}`);
    return rows.flat().reduce((sum, value) => sum + value, 0);
  }

  @Flow()
  async week(days: string[]): Promise<number> {
    const rows = await Promise.all(days.map((day) => this.load(day)));
    return this.summarize(rows);
  }
}

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri'];
const WEEK_TOTAL = DAYS.reduce((sum, day) => sum + day.length + day.charCodeAt(0), 0);

/** Per object and method: the 1st attempt gets 503 SlowDown, the 2nd a reset connection, the 3rd goes through. */
const twoOfThreeFail = ({ attempt }: { attempt: number }): FaultAction =>
  (['slow-down', 'reset', 'forward'] as const)[(attempt - 1) % 3];

describe('S3 answering slowly and failing two requests of three', () => {
  let s3: S3rverFixture;
  let proxy: FaultProxy;
  let prefix = 0;

  beforeAll(async () => {
    s3 = await startS3rver({ bucket: 'flowcache-faults' });
    proxy = await FaultProxy.start({ target: s3.endpoint, latencyMs: 20, decide: twoOfThreeFail });
  });
  afterAll(async () => {
    await proxy.close();
    await s3.close();
  });
  beforeEach(() => {
    executions.clear();
    prefix++;
  });

  let processes = 0;
  /** A client of a new "process" going through the proxy, retrying by itself only with `maxAttempts` above 1. */
  const proxiedClient = (maxAttempts: number) =>
    s3.createClient({ endpoint: proxy.endpoint, maxAttempts, customUserAgent: `process-${++processes}` });

  /** A new "process": its own engine, and a client that goes through the proxy and never retries by itself. */
  function newProcess(settings: { storageRetries?: number } = {}) {
    const client = proxiedClient(1);
    const storage = new S3Storage({ client, bucket: s3.bucket, prefix: `flaky-${prefix}` });
    const logger = new RecordingLogger();
    const engine = new Engine({ storage, logger, settings: { storageRetryDelayMs: 5, ...settings } });
    const events: TaskRunEvent[] = [];
    engine.onTaskRun((event) => events.push(event));
    return { engine, logger, events, reports: engine.attach(new Reports()) };
  }

  /** A process reading the bucket directly, past the proxy: what is really stored. */
  function directProcess() {
    const storage = new S3Storage({ client: s3.createClient(), bucket: s3.bucket, prefix: `flaky-${prefix}` });
    const engine = new Engine({ storage, logger: new RecordingLogger() });
    const events: TaskRunEvent[] = [];
    engine.onTaskRun((event) => events.push(event));
    return { events, reports: engine.attach(new Reports()) };
  }

  it('retries each request until it goes through: every value right, every result stored, no body twice', async () => {
    const before = { ...proxy.counts };
    const first = newProcess();
    await expect(first.reports.week(DAYS)).resolves.toBe(WEEK_TOTAL);
    await first.engine.flush();
    expect(first.logger.warnings).toEqual([]);

    // Another process finds every result despite the failures: nothing is computed again.
    const second = newProcess();
    await expect(second.reports.week(DAYS)).resolves.toBe(WEEK_TOTAL);
    await second.engine.flush();
    expect(second.logger.warnings).toEqual([]);
    expect(second.events.every((event) => event.state === 'Cached')).toBe(true);
    expect([...executions.values()]).toEqual([1, 1, 1, 1, 1, 1]);

    // Every operation took exactly three requests: two failed, the third reached the server.
    const forwarded = proxy.counts.forward - before.forward;
    expect(proxy.counts['slow-down'] - before['slow-down']).toBe(forwarded);
    expect(proxy.counts.reset - before.reset).toBe(forwarded);
    // 6 reads and 6 writes of records in the first process, 6 reads in the second, a run history each.
    expect(forwarded).toBe(6 + 6 + 6 + 2);

    // What is stored is whole: read past the proxy, all six are hits.
    const direct = directProcess();
    await expect(direct.reports.week(DAYS)).resolves.toBe(WEEK_TOTAL);
    expect(direct.events.map((event) => event.state)).toEqual(Array(6).fill('Cached'));
  }, 60_000);

  it('when the retries run out, returns every value uncached with one warning per outage and task', async () => {
    // One retry: the reset second attempt is the last; nothing ever reaches the server.
    const run = newProcess({ storageRetries: 1 });
    await expect(run.reports.week(DAYS)).resolves.toBe(WEEK_TOTAL);
    await run.engine.flush();
    expect([...executions.values()]).toEqual([1, 1, 1, 1, 1, 1]);
    const warnings = run.logger.warnings;
    expect(warnings.filter((warning) => warning.includes('runs without its stored result'))).toEqual([
      expect.stringMatching(/^Reports\.(load|summarize) runs without its stored result: .*\(tried 2 times\)$/),
    ]);
    expect(warnings.filter((warning) => warning.includes('writing its result'))).toEqual([
      expect.stringMatching(/^Reports\.load: writing its result .* failed .*\(tried 2 times\)$/),
      expect.stringMatching(/^Reports\.summarize: writing its result .* failed .*\(tried 2 times\)$/),
    ]);
    expect(warnings.filter((warning) => warning.includes('history of flow run'))).toHaveLength(1);
    expect(warnings).toHaveLength(4);
  }, 60_000);

  it('runs each SERIALIZABLE body once across 4 processes whose lock requests fail the same way', async () => {
    class Trainer {
      @Task({ cacheKeyFn: taskInputHash, isolationLevel: 'SERIALIZABLE' })
      async train(dataset: string): Promise<string> {
        executed(`train ${dataset}`);
        return `model(${dataset})`;
      }
    }
    const loggers: RecordingLogger[] = [];
    const trainers = [1, 2, 3, 4].map(() => {
      const { engine, logger } = newProcess();
      loggers.push(logger);
      // The lock manager's client goes through the proxy too; the SDK's own retries (3 attempts) get it through.
      const locks = new S3LockManager({ client: proxiedClient(3), bucket: s3.bucket, prefix: `flaky-${prefix}/locks` });
      return new Engine({ storage: engine.storage, lockManager: locks, logger, settings: engine.settings }).attach(
        new Trainer(),
      );
    });
    const models = await Promise.all(
      trainers.flatMap((trainer) => ['sales', 'stock'].map((dataset) => trainer.train(dataset))),
    );
    expect(new Set(models)).toEqual(new Set(['model(sales)', 'model(stock)']));
    expect(loggers.flatMap((logger) => logger.warnings)).toEqual([]);
    expect(Object.fromEntries(executions)).toEqual({ 'train sales': 1, 'train stock': 1 });
  }, 60_000);

  it('never hangs on a server that stops answering: operations end at requestTimeoutMs, values returned', async () => {
    const hanging = await FaultProxy.start({ target: s3.endpoint, latencyMs: 0, decide: () => 'hang' });
    try {
      // A client with the SDK's defaults: no timeout of its own.
      const client = s3.createClient({ endpoint: hanging.endpoint });
      const logger = new RecordingLogger();
      const storage = new S3Storage({ client, bucket: s3.bucket, prefix: `hanging-${prefix}`, requestTimeoutMs: 500 });
      const engine = new Engine({ storage, logger });
      const reports = engine.attach(new Reports());
      await expect(reports.week(DAYS)).resolves.toBe(WEEK_TOTAL);
      await engine.flush();
      expect([...executions.values()]).toEqual([1, 1, 1, 1, 1, 1]);
      expect(logger.warnings).toHaveLength(4); // the read, the writes of both tasks, the run history
      expect(logger.warnings.every((warning) => warning.includes('AbortError'))).toBe(true);
      expect(logger.warnings[0]).toMatch(/no complete answer within requestTimeoutMs \(500 ms\)/);
    } finally {
      await hanging.close();
    }
  }, 60_000);
});
