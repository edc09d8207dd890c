// One side of the big-results bench, in a process of its own so that its RSS is the client's alone (s3rver runs
// in the bench's process). Usage: bigResultClient.ts <write|write-joined|read> <file|s3> <basePath|endpoint>
// <bucket> <bytes>. Prints one JSON line: the RSS before the operation and the peak RSS (the kernel's high-water
// mark) during it, in bytes, and how long it took.
import 'reflect-metadata';
import { randomFillSync } from 'node:crypto';
import { S3Client } from '@aws-sdk/client-s3';
import { Engine, type ResultStorage, Task } from '@flowcache/core';
import { FileSystemStorage } from '@flowcache/storage-fs';
import { S3Storage } from '@flowcache/storage-s3';
import { requiredMembersOnly } from '../../../test/support/requiredMembersOnly';

const [operation, kind, location, bucket, sizeText] = process.argv.slice(2);
const size = Number(sizeText);

/** The result: `size` bytes repeating 64 KiB of random bytes (filling a gigabyte byte by byte takes seconds). */
function bigBuffer(): Buffer {
  const value = Buffer.allocUnsafe(size);
  randomFillSync(value, 0, Math.min(size, 65_536));
  for (let filled = 65_536; filled < size; filled *= 2) value.copyWithin(filled, 0, Math.min(filled, size - filled));
  return value;
}

function storageOf(): ResultStorage {
  if (kind === 'file') return new FileSystemStorage({ basePath: location });
  const client = new S3Client({
    endpoint: location,
    forcePathStyle: true,
    region: 'us-east-1',
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  return new S3Storage({ client, bucket, requestTimeoutMs: 600_000 });
}

let produce: () => Buffer = () => {
  throw new Error('a read must find the record');
};

class BigResults {
  @Task({ cacheKeyFn: () => 'bench/big-result' })
  async compute(): Promise<Buffer> {
    return produce();
  }
}

async function main(): Promise<void> {
  const direct = storageOf();
  const storage = operation === 'write-joined' ? requiredMembersOnly(direct) : direct;
  const settings = { maxRecordBytes: size + 1024 * 1024, refreshCache: operation !== 'read' };
  const results = new Engine({ storage, settings }).attach(new BigResults());
  if (operation !== 'read') {
    const value = bigBuffer();
    produce = () => value;
  }
  // The first requests load and set up most of the storage's client (the AWS SDK's modules, its connections):
  // a cost of any first request, not of the result's size, so it is paid before measuring.
  await storage.putStream?.('bench/warm-up', [Buffer.alloc(16)]);
  await storage.put('bench/warm-up', Buffer.alloc(16));
  await storage.get('bench/warm-up');
  global.gc?.();
  const rssBefore = process.memoryUsage.rss();
  const started = process.hrtime.bigint();
  const value = await results.compute();
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const peakRss = process.resourceUsage().maxRSS * 1024;
  if (value.byteLength !== size) throw new Error(`read ${value.byteLength} bytes, expected ${size}`);
  console.log(JSON.stringify({ rssBefore, peakRss, ms }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
