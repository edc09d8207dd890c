import { HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { S3Storage } from '@flowcache/storage-s3';
import { startS3rver, type S3rverFixture } from '../../storage-s3/test/support/s3rverFixture';
import { runCli, runCliJson } from './support/runCli';
import { s3rverEnv } from './support/s3rverEnv';
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
    env = s3rverEnv(s3);
  });
  afterAll(() => s3.close());

  it('lists, shows, counts, prunes and deletes records, and lists flow runs, through AWS_ENDPOINT_URL_S3', async () => {
    const ls = await runCliJson<{ storage: string; records: { key: string; expired: boolean; size: number }[] }>(
      ['ls', '--storage', url],
      env,
    );
    expect(ls.storage).toBe(location);
    expect(ls.records.filter((record) => record.expired).map((record) => record.key)).toEqual([
      CORRUPT_KEY,
      'sales/2026-01-01',
    ]);
    expect(ls.records).toHaveLength(6);

    const show = await runCli(['show', 'sales/2026-01-02', '--storage', url], env);
    expect([show.code, show.stderr]).toEqual([0, '']);
    expect(show.stdout).toContain("value        { day: '2026-01-02', amounts: [ 3, 4, 10 ] }");

    expect(await runCliJson(['stats', '--storage', url], env)).toMatchObject({
      storage: location,
      count: 6,
      expired: 2,
      unreadable: 1,
      flowRuns: 4,
    });
    expect((await runCliJson<{ flowRuns: unknown[] }>(['runs', '--storage', url], env)).flowRuns).toHaveLength(4);
    expect(await runCliJson(['prune', '--expired', '--dry-run', '--storage', url], env)).toMatchObject({
      keys: [CORRUPT_KEY, 'sales/2026-01-01'],
    });

    expect(await runCliJson(['prune', '--expired', '--storage', url], env)).toMatchObject({
      keys: [CORRUPT_KEY, 'sales/2026-01-01'],
    });
    const { size } = ls.records.find((record) => record.key === 'regions/north')!;
    expect(await runCliJson(['rm', 'regions/north', '--storage', url], env)).toEqual({
      storage: location,
      deleted: ['regions/north'],
      bytes: size,
      foreign: { count: 0, names: [] },
    });
    expect(await runCliJson(['stats', '--storage', url], env)).toMatchObject({ count: 3, expired: 0, flowRuns: 4 });
  });

  describe('with objects other tools put under the prefix', () => {
    let client: S3Client;
    let stores = 0;
    // Each test fills a prefix of its own: a run history kept from another test would change the counts.
    let mixedUrl: string;
    // What the S3 console's "Create folder" leaves (for the prefix itself, and for a folder inside it), and an
    // object whose key no record can have: none of them is a flowcache record.
    let PREFIX_MARKER: string;
    let FOLDER_MARKER: string;
    let STRAY: string;

    // What `ls` and `prune` say on stderr about those three objects.
    const skippedForeign = () =>
      `flowcache: skipped 3 objects that are not flowcache records: ${PREFIX_MARKER}, ${FOLDER_MARKER}, ${STRAY}\n`;

    const put = (key: string, body: string) =>
      client.send(new PutObjectCommand({ Bucket: 'cli-cache', Key: key, Body: Buffer.from(body) }));
    const exists = (key: string) =>
      client.send(new HeadObjectCommand({ Bucket: 'cli-cache', Key: key })).then(
        () => true,
        () => false,
      );

    beforeEach(async () => {
      const prefix = `team/mixed-${++stores}`;
      mixedUrl = `s3://cli-cache/${prefix}?forcePathStyle=true`;
      [PREFIX_MARKER, FOLDER_MARKER, STRAY] = [`${prefix}/`, `${prefix}/archive/`, `${prefix}/notes\\todo.txt`];
      client = s3.createClient();
      await fillStorage(new S3Storage({ client, bucket: 'cli-cache', prefix }));
      await put(PREFIX_MARKER, '');
      await put(FOLDER_MARKER, '');
      await put(STRAY, 'written by another program');
    });

    it('lists and counts the records, saying which objects it skipped', async () => {
      const ls = await runCliJson<{ records: { key: string }[]; foreign: unknown }>(['ls', '--storage', mixedUrl], env);
      expect(ls.records).toHaveLength(6);
      expect(ls.foreign).toEqual({ count: 3, names: [PREFIX_MARKER, FOLDER_MARKER, STRAY] });
      const human = await runCli(['ls', '--storage', mixedUrl], env);
      expect(human.code).toBe(0);
      expect(human.stderr).toBe(skippedForeign());

      expect(await runCliJson(['stats', '--storage', mixedUrl], env)).toMatchObject({
        count: 6,
        unreadable: 1,
        flowRuns: 4,
        foreign: { count: 3, names: [PREFIX_MARKER, FOLDER_MARKER, STRAY] },
      });
      expect((await runCli(['stats', '--storage', mixedUrl], env)).stderr).toContain(
        'skipped 3 objects that are not flowcache records',
      );
    });

    it('prunes the expired and unreadable records (garbage under a record key too), leaving the others', async () => {
      const pruned = await runCli(['prune', '--expired', '--storage', mixedUrl], env);
      expect([pruned.code, pruned.stdout.trimEnd().split('\n').slice(0, 2)]).toEqual([
        0,
        [`deleted ${CORRUPT_KEY}`, 'deleted sales/2026-01-01'],
      ]);
      expect(pruned.stderr).toBe(skippedForeign());
      expect(await runCliJson(['stats', '--storage', mixedUrl], env)).toMatchObject({
        count: 4,
        expired: 0,
        flowRuns: 4,
      });
      for (const key of [PREFIX_MARKER, FOLDER_MARKER, STRAY]) expect(await exists(key)).toBe(true);
    });

    it('rm --all --yes deletes every record, keeps the run history and leaves the other objects alone', async () => {
      const removed = await runCliJson<{ deleted: string[]; foreign: { count: number } }>(
        ['rm', '--all', '--yes', '--storage', mixedUrl],
        env,
      );
      expect(removed.deleted).toHaveLength(6);
      expect(removed.foreign.count).toBe(3);
      expect(await runCliJson(['stats', '--storage', mixedUrl], env)).toMatchObject({
        count: 0,
        flowRuns: 4,
        foreign: { count: 3 },
      });
      for (const key of [PREFIX_MARKER, FOLDER_MARKER, STRAY]) expect(await exists(key)).toBe(true);
    });
  });
});
