import { S3Storage } from '@flowcache/storage-s3';
import { startS3rver, type S3rverFixture } from '../../storage-s3/test/support/s3rverFixture';
import { runCli, runCliJson } from './support/runCli';
import { CORRUPT_KEY, fillStorage } from './support/seedStorage';

// Each test runs the CLI as a child process a few times: about half a second each on a busy machine.
jest.setTimeout(60_000);

describe('flowcache on an S3 storage (s3rver)', () => {
  let s3: S3rverFixture;
  let env: Record<string, string>;
  const url = 's3://cli-cache/team/reports?forcePathStyle=true';
  const location = 's3://cli-cache/team/reports';

  beforeAll(async () => {
    s3 = await startS3rver({ bucket: 'cli-cache' });
    await fillStorage(new S3Storage({ client: s3.createClient(), bucket: 'cli-cache', prefix: 'team/reports' }));
    // What a user of the AWS CLI sets for MinIO or another S3-compatible server; the CLI's S3 client reads it.
    env = {
      AWS_ENDPOINT_URL_S3: s3.endpoint,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
      AWS_EC2_METADATA_DISABLED: 'true',
    };
  });
  afterAll(() => s3.close());

  it('lists, shows, counts, prunes and deletes records, and lists flow runs, through AWS_ENDPOINT_URL_S3', async () => {
    const ls = await runCliJson<{ storage: string; records: { key: string; expired: boolean; size: number }[] }>(['ls', '--storage', url], env);
    expect(ls.storage).toBe(location);
    expect(ls.records.filter((record) => record.expired).map((record) => record.key)).toEqual([CORRUPT_KEY, 'sales/2026-01-01']);
    expect(ls.records).toHaveLength(6);

    const show = await runCli(['show', 'sales/2026-01-02', '--storage', url], env);
    expect([show.code, show.stderr]).toEqual([0, '']);
    expect(show.stdout).toContain("value        { day: '2026-01-02', amounts: [ 3, 4, 10 ] }");

    expect(await runCliJson(['stats', '--storage', url], env)).toMatchObject({ storage: location, count: 6, expired: 2, unreadable: 1, flowRuns: 4 });
    expect((await runCliJson<{ flowRuns: unknown[] }>(['runs', '--storage', url], env)).flowRuns).toHaveLength(4);
    expect(await runCliJson(['prune', '--expired', '--dry-run', '--storage', url], env)).toMatchObject({ keys: [CORRUPT_KEY, 'sales/2026-01-01'] });

    expect(await runCliJson(['prune', '--expired', '--storage', url], env)).toMatchObject({ keys: [CORRUPT_KEY, 'sales/2026-01-01'] });
    const { size } = ls.records.find((record) => record.key === 'regions/north')!;
    expect(await runCliJson(['rm', 'regions/north', '--storage', url], env)).toEqual({ storage: location, deleted: ['regions/north'], bytes: size });
    expect(await runCliJson(['stats', '--storage', url], env)).toMatchObject({ count: 3, expired: 0, flowRuns: 4 });
  });
});
