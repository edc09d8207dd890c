/**
 * An application persisting results to S3 as the @flowcache/storage-s3 README shows: your S3Client, a bucket and a
 * prefix. Two containers stand for two runs of the application: the second call is a hit read from the bucket.
 * Usage: node dist/main.js <endpoint> <bucket>
 */
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { S3Client } from '@aws-sdk/client-s3';
import { Container, injectable } from 'inversify';
import { installFlowcache, RESULT_STORAGE, Task, taskInputHash, type TaskRunState } from '@flowcache/core';
import { S3Storage } from '@flowcache/storage-s3';

let bodyRuns = 0;

@injectable()
class Reports {
  @Task({ cacheKeyFn: taskInputHash })
  async loadSales(day: string): Promise<{ day: string; total: number }> {
    bodyRuns++;
    return { day, total: day.length * 100 };
  }
}

async function callInFreshContainer(
  storage: S3Storage,
  warnings: string[],
): Promise<{ value: unknown; states: TaskRunState[] }> {
  const container = new Container();
  container.bind(RESULT_STORAGE).toConstantValue(storage);
  const engine = installFlowcache(container, { logger: { warn: (message) => warnings.push(message) } });
  const states: TaskRunState[] = [];
  engine.onTaskRun((event) => states.push(event.state));
  container.bind(Reports).toSelf().inSingletonScope();
  const value = await container.get(Reports).loadSales('2026-12-01');
  await engine.flush();
  return { value, states };
}

async function main(): Promise<void> {
  const [endpoint, bucket] = process.argv.slice(2);
  // s3rver needs path-style URLs, and checksums only where S3 requires them (see the storage-s3 README).
  const client = new S3Client({
    endpoint,
    forcePathStyle: true,
    region: 'us-east-1',
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  try {
    const storage = new S3Storage({ client, bucket, prefix: 'install-check' });
    const warnings: string[] = [];
    const first = await callInFreshContainer(storage, warnings);
    const second = await callInFreshContainer(storage, warnings);
    assert.deepEqual(first.value, { day: '2026-12-01', total: 1000 });
    assert.deepEqual(second.value, first.value);
    assert.deepEqual([...first.states, ...second.states], ['Completed', 'Cached']);
    assert.equal(bodyRuns, 1);
    assert.deepEqual(warnings, []);
    const stored = (await storage.list('')).objects.length;
    assert.ok(stored >= 1);
    console.log(
      `first call ${first.states[0]}, second call ${second.states[0]} (from ` +
        `${storage.location}, objects stored: ${stored}); the body ran ${bodyRuns} time`,
    );
  } finally {
    client.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
