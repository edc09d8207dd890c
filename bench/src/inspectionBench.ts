import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ResultStorage } from '@flowcache/core';
import { CacheInspector, encodeRecord } from '@flowcache/core/records';
import { FileSystemStorage } from '@flowcache/storage-fs';
import { S3Storage } from '@flowcache/storage-s3';
import { recordRequests, startS3rver } from '../../packages/storage-s3/test/support/s3rverFixture';

const RECORDS = 10_000;
const TASKS = ['Sales.load', 'Sales.clean', 'Reports.build', 'Models.train'];

/**
 * What `flowcache ls` and `flowcache stats` cost over 10 000 records (a quarter of them expired): wall time and
 * storage requests, on files and on S3 (s3rver in this process). Both walk the store with `CacheInspector`,
 * reading each record's header with one ranged read.
 */
export async function benchInspection(): Promise<void> {
  console.log(`\nInspection: ls and stats over ${RECORDS} records`);
  const directory = await mkdtemp(path.join(tmpdir(), 'flowcache-bench-inspect-'));
  const s3 = await startS3rver({ bucket: 'flowcache-bench-inspect' });
  try {
    const files = countingCalls(new FileSystemStorage({ basePath: directory }));
    await seed(files.storage);
    await report('file system', files.storage, () => files.calls());

    const client = s3.createClient();
    const requests = recordRequests(client);
    const bucket = new S3Storage({ client, bucket: s3.bucket, prefix: 'inspect' });
    await seed(bucket);
    requests.clear();
    await report('s3 (s3rver)', bucket, () => {
      const counts = countBy(requests.commands);
      requests.clear();
      return counts;
    });
  } finally {
    await s3.close();
    await rm(directory, { recursive: true, force: true });
  }
}

async function report(
  name: string,
  storage: ResultStorage,
  requestsSinceLastLook: () => Record<string, number>,
): Promise<void> {
  const inspector = new CacheInspector(storage);
  requestsSinceLastLook();
  let started = process.hrtime.bigint();
  let listed = 0;
  for await (const _record of inspector.records()) listed++;
  const lsMs = Number(process.hrtime.bigint() - started) / 1e6;
  const lsRequests = requestsSinceLastLook();
  started = process.hrtime.bigint();
  const stats = await inspector.stats();
  const statsMs = Number(process.hrtime.bigint() - started) / 1e6;
  const statsRequests = requestsSinceLastLook();
  if (listed !== RECORDS || stats.count !== RECORDS || stats.expired !== RECORDS / 4) {
    throw new Error(`${name}: listed ${listed}, counted ${stats.count} with ${stats.expired} expired`);
  }
  console.log(`  ${name.padEnd(12)} ls    ${lsMs.toFixed(0).padStart(6)} ms   requests ${describe(lsRequests)}`);
  console.log(`  ${name.padEnd(12)} stats ${statsMs.toFixed(0).padStart(6)} ms   requests ${describe(statsRequests)}`);
}

// Writes the records 64 at a time; every fourth one expired an hour ago.
async function seed(storage: ResultStorage): Promise<void> {
  const now = Date.now();
  const keys = Array.from({ length: RECORDS }, (_, index) => `results/${String(index).padStart(5, '0')}`);
  for (let start = 0; start < keys.length; start += 64) {
    await Promise.all(
      keys.slice(start, start + 64).map((key, offset) => {
        const index = start + offset;
        const payload = new Uint8Array(
          Buffer.from(JSON.stringify({ rows: Array.from({ length: 20 }, (_, row) => row * index) })),
        );
        const record = encodeRecord(
          {
            storageKey: key,
            taskName: TASKS[index % TASKS.length],
            cacheKey: key,
            createdAt: new Date(now - 7_200_000).toISOString(),
            expiresAt: index % 4 === 0 ? new Date(now - 3_600_000).toISOString() : null,
            serializer: 'json/v1',
            flowRunId: null,
            durationMs: 12,
          },
          payload,
        );
        return storage.put(key, record);
      }),
    );
  }
}

/** A storage that counts its calls by operation. */
function countingCalls(storage: ResultStorage): { storage: ResultStorage; calls: () => Record<string, number> } {
  let counts: Record<string, number> = {};
  const counted = new Proxy(storage, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== 'function' || property === 'constructor') return value;
      return (...args: unknown[]) => {
        counts[String(property)] = (counts[String(property)] ?? 0) + 1;
        return (value as (...parameters: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return {
    storage: counted,
    calls: () => {
      const seen = counts;
      counts = {};
      return seen;
    },
  };
}

function countBy(items: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[item] = (counts[item] ?? 0) + 1;
  return counts;
}

function describe(counts: Record<string, number>): string {
  const total = Object.values(counts).reduce((sum, count) => sum + count, 0);
  return `${total} (${Object.entries(counts)
    .map(([name, count]) => `${name} ${count}`)
    .join(', ')})`;
}
