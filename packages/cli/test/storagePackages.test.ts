import { mkdir, mkdtemp, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Storage } from '@flowcache/storage-s3';
import { startS3rver, type S3rverFixture } from '../../storage-s3/test/support/s3rverFixture';
import { addS3Package, installCliAlone, type InstalledCli } from './support/installedCli';
import { runCli, runCliJson } from './support/runCli';
import { s3rverEnv } from './support/s3rverEnv';
import { fillStorage } from './support/seedStorage';

// Each test runs the CLI as a child process a few times: about half a second each on a busy machine.
jest.setTimeout(60_000);

// The CLI runs from a copy installed as `npm install -g` lays it out, outside this repository (whose node_modules
// hold every workspace package): copying the built files takes a fraction of a second, needs no registry, and
// Node resolves from the copy exactly as from a real global install. A project directory beside it is the
// working directory.
describe('storage packages, loaded by URL scheme when a command needs one', () => {
  let root: string;
  let cli: InstalledCli;
  let project: string;
  let s3: S3rverFixture;
  let env: Record<string, string | undefined>;
  const url = 's3://cli-cache/team/reports?forcePathStyle=true';

  beforeAll(async () => {
    root = await realpath(await mkdtemp(join(tmpdir(), 'flowcache-cli-alone-')));
    cli = await installCliAlone(join(root, 'prefix'));
    s3 = await startS3rver({ bucket: 'cli-cache' });
    await fillStorage(new S3Storage({ client: s3.createClient(), bucket: 'cli-cache', prefix: 'team/reports' }));
    env = { ...s3rverEnv(s3), NODE_PATH: undefined };
  });
  afterAll(async () => {
    await s3?.close();
    await rm(root, { recursive: true, force: true });
  });

  beforeEach(async () => {
    project = await mkdtemp(join(root, 'project-'));
  });

  it('s3:// storage without @flowcache/storage-s3 exits with 2, naming the package and how to install it', async () => {
    const result = await runCli(['ls', '--storage', url], env, { bin: cli.bin, cwd: project });
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr:
        `flowcache: --storage is "${url}", which needs ` +
        `@flowcache/storage-s3, installed neither beside this flowcache ` +
        `command nor in ${project}\n` +
        'flowcache: install it next to a global flowcache with ' +
        'npm install -g @flowcache/storage-s3, or in the project ' +
        'with npm install -D @flowcache/storage-s3\n',
    });
  });

  it('file storages work without it, given as a plain path', async () => {
    await mkdir(join(project, 'results'));
    expect(await runCliJson(['stats', '--storage', './results'], env, { bin: cli.bin, cwd: project })).toMatchObject({
      storage: `file://${project}/results`,
      count: 0,
    });
  });

  it('finds @flowcache/storage-s3 installed globally beside the CLI (npm install -g)', async () => {
    await addS3Package(cli.globalModules);
    try {
      expect(await runCliJson(['stats', '--storage', url], env, { bin: cli.bin, cwd: project })).toMatchObject({
        storage: 's3://cli-cache/team/reports',
        count: 6,
        flowRuns: 4,
      });
      // That package loads its own copy of @flowcache/core, as npm installs it: the errors it throws are still
      // recognised, so a record over the limit reads as it does with one copy.
      const show = ['show', 'sales/2026-01-02', '--storage', url, '--max-record-bytes', '100'];
      const unreadable = (stdout: string) => stdout.split('\n').find((line) => line.startsWith('unreadable'));
      const alone = await runCli(show, env, { bin: cli.bin, cwd: project });
      expect(unreadable(alone.stdout)).toBe(unreadable((await runCli(show, env)).stdout));
      expect(unreadable(alone.stdout)).toMatch(
        /cannot be used: it holds \d+ bytes, more than maxRecordBytes .+ allows \(100\); it was not read/,
      );
    } finally {
      await rm(join(cli.globalModules, '@flowcache', 'storage-s3'));
    }
  });

  it('finds @flowcache/storage-s3 installed in the project the global CLI runs in', async () => {
    await addS3Package(join(project, 'node_modules'));
    expect(await runCliJson(['stats', '--storage', url], env, { bin: cli.bin, cwd: project })).toMatchObject({
      storage: 's3://cli-cache/team/reports',
      count: 6,
      flowRuns: 4,
    });
    // Run from a subdirectory of the project, it still finds it, as Node looks in every node_modules above.
    await mkdir(join(project, 'src'));
    expect(
      await runCliJson(['stats', '--storage', url], env, { bin: cli.bin, cwd: join(project, 'src') }),
    ).toMatchObject({ count: 6 });
  });
});
