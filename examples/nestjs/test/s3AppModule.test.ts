import type { AddressInfo } from 'node:net';
import { NestFactory } from '@nestjs/core';
import { Engine, type TaskRunState } from '@flowcache/core';
import { S3Storage } from '@flowcache/storage-s3';
import { startS3rver, type S3rverFixture } from '../../../packages/storage-s3/test/support/s3rverFixture';
import { S3AppModule } from '../src/s3AppModule';

describe('the NestJS example on S3, against an S3 server in this process', () => {
  let s3: S3rverFixture;
  const saved = { ...process.env };
  beforeAll(async () => {
    s3 = await startS3rver({ bucket: 'forecasts' });
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_S3: s3.endpoint,
      S3_FORCE_PATH_STYLE: 'true',
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
      // s3rver stores corrupted bytes when the SDK adds its default checksums to streamed bodies.
      AWS_REQUEST_CHECKSUM_CALCULATION: 'WHEN_REQUIRED',
      AWS_RESPONSE_CHECKSUM_VALIDATION: 'WHEN_REQUIRED',
    });
  });
  afterAll(async () => {
    process.env = saved;
    await s3.close();
  });

  /** Starts an instance of the application, asks for Oslo's forecast and stops it; returns how the task ended. */
  async function requestOnce(): Promise<{ state: TaskRunState; body: string }> {
    const app = await NestFactory.create(S3AppModule, { logger: false, abortOnError: false });
    const states: TaskRunState[] = [];
    app.get(Engine).onTaskRun((event) => states.push(event.state));
    await app.listen(0, '127.0.0.1');
    try {
      const { port } = app.getHttpServer().address() as AddressInfo;
      const response = await fetch(`http://127.0.0.1:${port}/forecasts/Oslo`);
      expect(response.status).toBe(200);
      return { state: states[0], body: await response.text() };
    } finally {
      await app.close();
    }
  }

  it('lets a second instance of the application reuse the first one’s result through the bucket', async () => {
    const first = await requestOnce();
    const second = await requestOnce();
    expect([first.state, second.state]).toEqual(['Completed', 'Cached']);
    expect(second.body).toBe(first.body);
    const keys = (await new S3Storage({ client: s3.createClient(), bucket: 'forecasts', prefix: 'flowcache' }).list(''))
      .objects;
    expect(keys.length).toBeGreaterThan(0);
  });
});
