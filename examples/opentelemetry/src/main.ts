/**
 * flowcache with OpenTelemetry. With `@opentelemetry/api` installed next to `@flowcache/core`, and an SDK
 * registered before the first call, every task run and flow run is a span (task runs are children of their flow
 * run, flow runs of the span active where they were called), and task runs, flow runs and storage operations are
 * metrics. An application registers the SDK in its entry file and exports to a collector (OTLP); this example
 * keeps everything in memory and prints it.
 */
import 'reflect-metadata';
import { trace } from '@opentelemetry/api';
import type { Histogram } from '@opentelemetry/sdk-metrics';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { Engine, Flow, MemoryStorage, Task, taskInputHash } from '@flowcache/core';
import { registerSdk } from './registerSdk';

export class Reports {
  // Keyed by its inputs alone: a later flow run (or a call outside any flow) reuses the result.
  @Task({ cacheKeyFn: taskInputHash, persistResult: true })
  async loadSales(day: string): Promise<number[]> {
    return [day.length * 10, 5];
  }

  @Task()
  async checkTotals(total: number): Promise<number> {
    if (total < 0) throw new RangeError(`a total of ${total} cannot be right`);
    return total;
  }

  @Flow()
  async nightly(day: string): Promise<number> {
    const sales = await this.loadSales(day);
    return this.checkTotals(sales.reduce((sum, amount) => sum + amount, 0));
  }
}

/** One line per span, each under its parent; spans with the same parent in the order they ended. */
function spanTree(spans: readonly ReadableSpan[], parentId?: string, depth = 0): string[] {
  const ids = new Set(spans.map((span) => span.spanContext().spanId));
  const children = spans.filter((span) => {
    const parent = span.parentSpanContext?.spanId;
    return parentId === undefined ? parent === undefined || !ids.has(parent) : parent === parentId;
  });
  return children.flatMap((span) => [
    describeSpan(span, depth),
    ...spanTree(spans, span.spanContext().spanId, depth + 1),
  ]);
}

function describeSpan(span: ReadableSpan, depth: number): string {
  const { attributes } = span;
  const cache = attributes['flowcache.cache.result'];
  const reason = attributes['flowcache.cache.miss_reason'];
  const details = [
    attributes['flowcache.task.state'] ?? attributes['flowcache.flow.state'],
    cache === undefined ? undefined : `cache ${cache}${reason === undefined ? '' : ` (${reason})`}`,
    attributes['flowcache.storage.location'],
    span.status.message === undefined ? undefined : `error: ${span.status.message}`,
  ].filter((detail) => detail !== undefined);
  return `${'  '.repeat(depth)}${span.name}${details.length === 0 ? '' : `: ${details.join(', ')}`}`;
}

/** Runs the example; `print` receives each output line. */
export async function main(print: (line: string) => void = console.log): Promise<void> {
  const sdk = registerSdk(); // first: the engine reports to the providers registered at its first run
  try {
    const reports = new Engine({ storage: new MemoryStorage({ name: 'reports' }) }).attach(new Reports());
    const tracer = trace.getTracer('reports-service');
    await tracer.startActiveSpan('nightly job', async (job) => {
      await reports.nightly('2026-11-26'); // loadSales runs and stores its result
      await reports.nightly('2026-11-26'); // a new flow run: loadSales is a hit
      await reports.checkTotals(-1).catch(() => undefined); // a failure: an error span
      job.end();
    });
    for (const line of spanTree(sdk.spans.getFinishedSpans())) print(line);

    const runs = await sdk.points('flowcache.task.runs');
    const count = (result: string) =>
      runs
        .filter((point) => point.attributes['flowcache.cache.result'] === result)
        .reduce((sum, point) => sum + (point.value as number), 0);
    const [hits, misses] = [count('hit'), count('miss')];
    print(`cache: ${hits} hit(s), ${misses} miss(es), hit ratio ${(hits / (hits + misses)).toFixed(2)}`);
    const storageOperations = await sdk.points('flowcache.storage.operation.duration');
    for (const point of storageOperations) {
      print(
        `storage ${String(point.attributes['flowcache.storage.operation'])}: ${(point.value as Histogram).count} timed`,
      );
    }
  } finally {
    await sdk.shutdown();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
