/**
 * Results shared through S3 (AWS, MinIO, R2...): two "workers" with separate containers and empty memories share
 * one bucket, so the second is served by the first's results. Configure with the standard AWS environment
 * (AWS_REGION, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_ENDPOINT_URL_S3 for non-AWS servers) plus
 * FLOWCACHE_EXAMPLE_BUCKET, and S3_FORCE_PATH_STYLE=true for MinIO.
 */
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { S3Client } from '@aws-sdk/client-s3';
import { Container, injectable } from 'inversify';
import { Flow, installFlowcache, RESULT_STORAGE, Task, taskInputHash, type TaskRunEvent } from '@flowcache/core';
import { S3Storage } from '@flowcache/storage-s3';

@injectable()
export class Forecast {
  modelRuns = 0;

  @Task({ cacheKeyFn: taskInputHash, cacheExpiration: { hours: 6 } })
  async predict(region: string, hours: number): Promise<number[]> {
    this.modelRuns++; // stands in for an expensive model
    return Array.from({ length: hours }, (_unused, hour) => 10 + region.length + hour / 10);
  }

  @Flow()
  async morning(regions: string[]): Promise<string> {
    const series = await Promise.all(regions.map((region) => this.predict(region, 3)));
    return regions.map((region, index) => `${region}: ${series[index].join(' ')}`).join('; ');
  }
}

/** One worker: its own container and memory, the shared bucket. */
function worker(storage: S3Storage, events: TaskRunEvent[]): Forecast {
  const container = new Container();
  container.bind(RESULT_STORAGE).toConstantValue(storage);
  installFlowcache(container).onTaskRun((event) => events.push(event));
  container.bind(Forecast).toSelf().inSingletonScope();
  return container.get(Forecast);
}

export async function main(
  options: { client?: S3Client; bucket?: string; prefix?: string; print?: (line: string) => void } = {},
): Promise<TaskRunEvent[]> {
  const print = options.print ?? console.log;
  const client =
    options.client ??
    new S3Client({
      forcePathStyle: process.env.S3_FORCE_PATH_STYLE === 'true',
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  const bucket = options.bucket ?? process.env.FLOWCACHE_EXAMPLE_BUCKET;
  assert.ok(bucket, 'set FLOWCACHE_EXAMPLE_BUCKET to the bucket to use');
  const storage = new S3Storage({ client, bucket, prefix: options.prefix ?? 'flowcache-example' });
  print(`results in ${storage.location}`);

  const events: TaskRunEvent[] = [];
  const first = worker(storage, events);
  print(`worker 1: ${await first.morning(['north', 'south'])}`);
  const second = worker(storage, events);
  print(`worker 2: ${await second.morning(['north', 'south'])}`);
  print(`model runs: worker 1 ${first.modelRuns}, worker 2 ${second.modelRuns}`);
  return events;
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
