import 'reflect-metadata';
import { GetObjectCommand, NoSuchKey, PutObjectCommand } from '@aws-sdk/client-s3';
import { Engine, Task, taskInputHash } from '@flowcache/core';
import { S3Storage } from '@flowcache/storage-s3';
import { recordRequests, startS3rver } from '../../../packages/storage-s3/test/support/s3rverFixture';
import { quietAwsSdkNodeWarning } from '../../../test/support/quietAwsSdkNodeWarning';
import { type BatchCase, eachAwaited } from '../paired/BatchCase';
import { type Row, makeRows } from './hashingInputs';

// Each process starts its own s3rver, so both sides pay the server's CPU alike.

quietAwsSdkNodeWarning();

const ROWS = makeRows(50);
const PAYLOAD = JSON.stringify(ROWS);

// biome-ignore lint/correctness/noUnusedVariables: written only, on purpose
let sink: unknown;

class Report {
  runs = 0;

  @Task({ cacheKeyFn: taskInputHash })
  async rowsOf(_batch: number): Promise<readonly Row[]> {
    this.runs++;
    return ROWS;
  }
}

/** The requests per call the case sent, e.g. `GetObject ×1, PutObject ×1 per call`; throws if not `expected`. */
function requestsPerCall(commands: readonly string[], calls: number, expected: string): string {
  const counts = new Map<string, number>();
  for (const command of commands) counts.set(command, (counts.get(command) ?? 0) + 1);
  const perCall = [...counts].map(([command, count]) => `${command} ×${+(count / calls).toFixed(2)}`).join(', ');
  if (perCall !== expected) throw new Error(`S3 requests per call: ${perCall}, expected ${expected}`);
  return `S3 requests per call: ${perCall}`;
}

async function flowcacheS3(kind: 'hit' | 'miss'): Promise<BatchCase> {
  const s3 = await startS3rver({ bucket: 'flowcache-bench' });
  const client = s3.createClient();
  const storage = new S3Storage({ client, bucket: s3.bucket, prefix: 'goal' });
  if (kind === 'hit') await new Engine({ storage }).attach(new Report()).rowsOf(0);
  const engine = new Engine({ storage });
  const report = engine.attach(new Report());
  const requests = recordRequests(client);
  let calls = 0;
  return {
    run: eachAwaited(async () => {
      engine.results.clear();
      sink = await report.rowsOf(kind === 'hit' ? 0 : ++calls);
      if (kind === 'hit') calls++;
      await engine.flush();
    }),
    close: async () => {
      await s3.close();
      const expectedRuns = kind === 'hit' ? 0 : calls;
      if (report.runs !== expectedRuns) throw new Error(`${calls} ${kind} calls ran the body ${report.runs} times`);
      const expected = kind === 'hit' ? 'GetObject ×1' : 'GetObject ×1, PutObject ×1';
      return `flowcache ${requestsPerCall(requests.commands, calls, expected)}`;
    },
  };
}

async function rawSdk(kind: 'hit' | 'miss'): Promise<BatchCase> {
  const s3 = await startS3rver({ bucket: 'flowcache-bench' });
  const client = s3.createClient();
  const Bucket = s3.bucket;
  if (kind === 'hit') await client.send(new PutObjectCommand({ Bucket, Key: 'goal/rows', Body: PAYLOAD }));
  let calls = 0;
  return {
    run: eachAwaited(async () => {
      if (kind === 'hit') {
        const answer = await client.send(new GetObjectCommand({ Bucket, Key: 'goal/rows' }));
        sink = JSON.parse(await answer.Body!.transformToString());
        return;
      }
      const Key = `goal/${++calls}`;
      try {
        await client.send(new GetObjectCommand({ Bucket, Key }));
        throw new Error(`${Key} exists`);
      } catch (error) {
        if (!(error instanceof NoSuchKey)) throw error;
      }
      await client.send(new PutObjectCommand({ Bucket, Key, Body: JSON.stringify(ROWS) }));
    }),
    close: async () => {
      await s3.close();
      return undefined;
    },
  };
}

export const flowcacheS3Hit = () => flowcacheS3('hit');
export const rawSdkS3Get = () => rawSdk('hit');
export const flowcacheS3Miss = () => flowcacheS3('miss');
export const rawSdkS3GetPut = () => rawSdk('miss');
