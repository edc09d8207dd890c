import { startS3rver, type S3rverFixture } from '../../../packages/storage-s3/test/support/s3rverFixture';
import { main } from '../src/main';

describe('the S3 example, against an S3 server in this process', () => {
  let s3: S3rverFixture;
  beforeAll(async () => {
    s3 = await startS3rver({ bucket: 'forecasts' });
  });
  afterAll(async () => {
    await s3.close();
  });

  it('lets the second worker reuse the first worker’s results through the bucket', async () => {
    const lines: string[] = [];
    const events = await main({ client: s3.createClient(), bucket: s3.bucket, print: (line) => lines.push(line) });
    expect(lines[0]).toBe('results in s3://forecasts/flowcache-example');
    expect(lines[1]).toBe(lines[2].replace('worker 2', 'worker 1'));
    expect(lines[3]).toBe('model runs: worker 1 2, worker 2 0');
    expect(events.map((event) => event.state)).toEqual(['Completed', 'Completed', 'Cached', 'Cached']);
  });
});
