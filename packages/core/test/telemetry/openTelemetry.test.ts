import 'reflect-metadata';
import { context, SpanStatusCode, trace } from '@opentelemetry/api';
import { Engine, Flow, MemoryStorage, Task, taskInputHash } from '../../src';
import { resolveSettings } from '../../src/settings/settings';
import { RecordingLogger } from '../support';
import { installInMemorySdk, type InMemorySdk } from './openTelemetrySdk';

const storage = new MemoryStorage({ name: 'telemetry' });

class Sales {
  bodyRuns = 0;

  @Task({ cacheKeyFn: taskInputHash, persistResult: true, resultStorage: storage })
  async load(day: string): Promise<number> {
    this.bodyRuns++;
    return day.length;
  }

  @Task({ cacheKeyFn: taskInputHash, retries: 1 })
  async broken(day: string): Promise<number> {
    throw new RangeError(`no sales on ${day}`);
  }

  // Calls another task and makes a span of its own: both are children of this task's span.
  @Task()
  async summarize(day: string): Promise<number> {
    const sales = await this.load(day);
    trace.getTracer('the application').startSpan('format summary').end();
    return sales;
  }

  @Flow()
  async failingReport(day: string): Promise<number> {
    return this.report([day, 'error']);
  }

  @Flow()
  async report(days: string[]): Promise<number> {
    if (days.includes('error')) throw new Error('the report has an error day');
    let total = 0;
    for (const day of days) total += await this.load(day);
    return total;
  }
}

let sdk: InMemorySdk | undefined;
beforeEach(async () => {
  sdk = installInMemorySdk();
  for (const { key } of (await storage.list('')).objects) await storage.delete(key);
});
afterEach(() => sdk?.uninstall());

function setUp(settings: { telemetry?: boolean } = {}) {
  const engine = new Engine({ logger: new RecordingLogger(), settings });
  return { engine, sales: engine.attach(new Sales()) };
}

describe('OpenTelemetry spans', () => {
  it('describe a miss and a hit: task, key, state, hit or miss, why, storage, attempts', async () => {
    const { sales } = setUp();
    await sales.load('monday');
    await sales.load('monday');

    const [miss, hit] = sdk!.spans();
    expect(miss.name).toBe('task Sales.load');
    expect(miss.attributes).toMatchObject({
      'flowcache.task.name': 'Sales.load',
      'flowcache.task.state': 'Completed',
      'flowcache.cache.result': 'miss',
      'flowcache.cache.miss_reason': 'absent',
      'flowcache.storage.location': 'memory://telemetry',
      'flowcache.task.attempts': 1,
    });
    expect(miss.attributes['flowcache.cache.key']).toMatch(/^[0-9a-f]{64}$/);
    expect(hit.attributes).toMatchObject({
      'flowcache.task.state': 'Cached',
      'flowcache.cache.result': 'hit',
      'flowcache.cache.key': miss.attributes['flowcache.cache.key'],
      'flowcache.storage.location': 'memory://telemetry',
      'flowcache.task.attempts': 0,
    });
    expect(hit.attributes).not.toHaveProperty('flowcache.cache.miss_reason');
    expect(sdk!.spans().map((span) => span.status.code)).toEqual([SpanStatusCode.UNSET, SpanStatusCode.UNSET]);
  });

  it('mark a failure as an error, with the exception recorded and every attempt counted', async () => {
    const { sales } = setUp();
    await expect(sales.broken('sunday')).rejects.toThrow('no sales on sunday');

    expect(sdk!.spans()).toHaveLength(1); // one span for the run, whatever its attempts
    const [failed] = sdk!.spans();
    expect(failed.status).toEqual({ code: SpanStatusCode.ERROR, message: 'no sales on sunday' });
    expect(failed.attributes).toMatchObject({
      'flowcache.task.state': 'Failed',
      'flowcache.task.attempts': 2,
      'flowcache.cache.result': 'miss',
      'error.type': 'RangeError',
    });
    expect(failed.events).toHaveLength(1);
    expect(failed.events[0].name).toBe('exception');
    expect(failed.events[0].attributes).toMatchObject({
      'exception.type': 'RangeError',
      'exception.message': 'no sales on sunday',
    });
  });

  it('nest task runs in their flow run, and the flow run in the span active where it was called', async () => {
    const { sales } = setUp();
    const tracer = trace.getTracer('the application');
    await tracer.startActiveSpan('GET /report', async (request) => {
      await sales.report(['monday', 'tuesday']);
      request.end();
    });

    const spans = sdk!.spans();
    expect(spans.map((span) => span.name)).toEqual([
      'task Sales.load',
      'task Sales.load',
      'flow Sales.report',
      'GET /report',
    ]);
    const [monday, tuesday, flow, request] = spans;
    expect(flow.parentSpanContext?.spanId).toBe(request.spanContext().spanId);
    for (const task of [monday, tuesday]) {
      expect(task.parentSpanContext?.spanId).toBe(flow.spanContext().spanId);
      expect(task.spanContext().traceId).toBe(request.spanContext().traceId);
      expect(task.attributes).toMatchObject({
        'flowcache.flow.name': 'Sales.report',
        'flowcache.flow.run_id': flow.attributes['flowcache.flow.run_id'],
      });
    }
    expect(flow.attributes).toMatchObject({
      'flowcache.flow.name': 'Sales.report',
      'flowcache.flow.state': 'Completed',
      'flowcache.flow.attempts': 1,
    });
    expect(flow.status.code).toBe(SpanStatusCode.UNSET);
  });

  it('mark a failed flow run as an error, and link a subflow run to its parent run', async () => {
    const { sales } = setUp();
    await expect(sales.failingReport('monday')).rejects.toThrow('the report has an error day');

    const [subflow, flow] = sdk!.spans().filter((span) => span.name.startsWith('flow '));
    expect(subflow.parentSpanContext?.spanId).toBe(flow.spanContext().spanId);
    expect(subflow.attributes['flowcache.flow.parent_run_id']).toBe(flow.attributes['flowcache.flow.run_id']);
    for (const span of [subflow, flow]) {
      expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'the report has an error day' });
      expect(span.attributes).toMatchObject({ 'flowcache.flow.state': 'Failed', 'error.type': 'Error' });
    }
    expect(await sdk!.count('flowcache.flow.runs', { 'flowcache.flow.state': 'Failed' })).toBe(2);
  });

  it('make what a task body calls, tasks and the application’s spans, children of its task run’s span', async () => {
    const { sales } = setUp();
    await sales.summarize('monday');

    const [load, format, summarize] = sdk!.spans();
    expect([load.name, format.name, summarize.name]).toEqual([
      'task Sales.load',
      'format summary',
      'task Sales.summarize',
    ]);
    expect(load.parentSpanContext?.spanId).toBe(summarize.spanContext().spanId);
    expect(format.parentSpanContext?.spanId).toBe(summarize.spanContext().spanId);
    expect(summarize.parentSpanContext).toBeUndefined();
    expect(summarize.attributes).toMatchObject({ 'flowcache.task.state': 'Completed', 'flowcache.task.attempts': 1 });
  });

  it('make a task called outside any flow a child of the caller’s span', async () => {
    const { sales } = setUp();
    const tracer = trace.getTracer('the application');
    const job = tracer.startSpan('nightly job');
    await context.with(trace.setSpan(context.active(), job), () => sales.load('friday'));
    job.end();

    const [task] = sdk!.spans();
    expect(task.parentSpanContext?.spanId).toBe(job.spanContext().spanId);
    expect(task.attributes).not.toHaveProperty('flowcache.flow.run_id');
  });

  it('cost nothing after the first run when no SDK is registered: the engine stops listening', async () => {
    await sdk!.uninstall();
    sdk = undefined;
    const { engine, sales } = setUp();
    await sales.load('monday');
    await sales.report(['monday']);
    expect(engine.taskRunListeners.isEmpty).toBe(true);
    expect(sales.bodyRuns).toBe(1);
  });

  it('are not made when the telemetry setting is off', async () => {
    expect(resolveSettings({}, { FLOWCACHE_TELEMETRY: 'false' }).telemetry).toBe(false);
    const { sales } = setUp({ telemetry: false });
    await sales.report(['monday']);
    await sales.load('monday');
    expect(sdk!.spans()).toEqual([]);
    expect(await sdk!.points('flowcache.task.runs')).toEqual([]);
    expect(sales.bodyRuns).toBe(1);
  });
});

describe('OpenTelemetry metrics', () => {
  it('count task runs by state and cache result: hits and misses give the hit ratio', async () => {
    const { sales } = setUp();
    await sales.load('monday');
    await sales.load('monday');
    await sales.load('monday');
    await sales.load('tuesday');
    await sales.broken('sunday').catch(() => undefined);

    const runs = (attributes: Record<string, string>) => sdk!.count('flowcache.task.runs', attributes);
    const states = ['Completed', 'Cached', 'Failed'].map((state) => runs({ 'flowcache.task.state': state }));
    expect(await Promise.all(states)).toEqual([2, 2, 1]);
    const results = ['hit', 'miss'].map((result) => runs({ 'flowcache.cache.result': result }));
    expect(await Promise.all(results)).toEqual([2, 3]);
    expect(await runs({ 'flowcache.cache.miss_reason': 'absent' })).toBe(3);
    expect(await runs({ 'flowcache.task.name': 'Sales.load', 'flowcache.cache.result': 'hit' })).toBe(2);
    // Neither keys nor run ids: a metric's series stay as few as its tasks, states and miss reasons.
    for (const point of await sdk!.points('flowcache.task.runs')) {
      expect(Object.keys(point.attributes)).not.toContain('flowcache.cache.key');
      expect(Object.keys(point.attributes)).not.toContain('flowcache.task.run_id');
    }
  });

  it('time storage reads and writes, by operation and storage', async () => {
    const { sales } = setUp();
    await sales.load('monday'); // a read finding nothing, then a write
    const other = setUp(); // another process: its memory is empty, the record is read from storage
    await other.sales.load('monday');
    expect(other.sales.bodyRuns).toBe(0);

    const storageOps = (operation: string) =>
      sdk!.recorded('flowcache.storage.operation.duration', {
        'flowcache.storage.operation': operation,
        'flowcache.storage.location': 'memory://telemetry',
      });
    expect([await storageOps('read'), await storageOps('write')]).toEqual([2, 1]);
  });

  it('record a failed storage operation with the class of its error', async () => {
    const { sales } = setUp();
    const get = jest.spyOn(storage, 'get').mockRejectedValue(new TypeError('disk on fire'));
    try {
      await sales.load('monday');
    } finally {
      get.mockRestore();
    }
    expect(
      await sdk!.recorded('flowcache.storage.operation.duration', {
        'flowcache.storage.operation': 'read',
        'error.type': 'TypeError',
      }),
    ).toBe(1);
  });

  it('count flow runs by state', async () => {
    const { sales } = setUp();
    await sales.report(['monday']);
    expect(
      await sdk!.count('flowcache.flow.runs', {
        'flowcache.flow.name': 'Sales.report',
        'flowcache.flow.state': 'Completed',
      }),
    ).toBe(1);
  });
});
