import { mkdir, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { FileSystemStorage } from '@flowcache/storage-fs';
import { runCli, runCliJson } from './support/runCli';
import { fillStorage, seedStorage, type SeededStorage } from './support/seedStorage';
import { makeTemporaryDirectory, removeDirectory } from '../../../test/support/temporaryDirectory';

// Each test runs the CLI as a child process a few times: about half a second each on a busy machine.
jest.setTimeout(60_000);

/** A port nothing listens on: one the system just handed out and that was closed again at once. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('flowcache exit codes and messages', () => {
  let seeded: SeededStorage;
  let scratch: string;
  beforeAll(async () => {
    seeded = await seedStorage();
    scratch = await makeTemporaryDirectory('cli-errors');
  });
  afterAll(async () => {
    await seeded.remove();
    await removeDirectory(scratch);
  });

  it("exits with 2 for usage errors, which commander reports, pointing at the mistyped command's help", async () => {
    for (const args of [
      ['bogus'],
      ['ls', '--limit', 'x'],
      ['ls', '--limit', '0'],
      ['ls', '--expired', '--live'],
      ['show'],
      ['ls', '--nope'],
    ]) {
      const result = await runCli([...args, '--storage', seeded.url]);
      expect([args, result.code, result.stdout]).toEqual([args, 2, '']);
      const help = args[0] === 'bogus' ? 'flowcache --help' : `flowcache ${args[0]} --help`;
      expect(result.stderr).toMatch(/^error: .+\n/);
      expect(result.stderr.endsWith(`(${help} shows the usage)\n`)).toBe(true);
    }
  });

  it('exits with 2 for a storage URL that names no storage', async () => {
    expect(await runCli(['ls', '--storage', 'ftp://host/path'])).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'flowcache: --storage is "ftp://host/path": unknown scheme ftp:; use file:///abs/path, s3://bucket/prefix, ' +
        'memory://name or a directory path (./dir, /abs/dir, ~/dir)\n',
    });
  });

  it('exits with 2 for a file: URL with two slashes, naming the absolute URL meant (no Node TypeError)', async () => {
    const result = await runCli(['ls', '--storage', 'file://relative/x']);
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'flowcache: --storage is "file://relative/x", whose "relative" is read as a host name: a file: URL names an ' +
        `absolute path after three slashes, such as ${pathToFileURL(join(process.cwd(), 'relative/x')).href}\n`,
    });
  });

  it('exits with 1 when a file: storage is a file, naming it and saying what to check', async () => {
    const file = join(scratch, 'not-a-directory');
    await writeFile(file, 'x');
    const url = pathToFileURL(file).href;
    expect(await runCli(['stats', '--storage', url, '--json'])).toEqual({
      code: 1,
      stdout: '',
      stderr:
        `flowcache: ${url} is not a directory; check that the path ` +
        `is a directory this user can read (and write, to delete)\n`,
    });
  });

  it('exits with 1 when an S3 endpoint does not answer (AWS_ENDPOINT_URL honoured), naming the storage', async () => {
    const port = await closedPort();
    const result = await runCli(['ls', '--storage', 's3://cache-bucket/team?forcePathStyle=true'], {
      AWS_ENDPOINT_URL: `http://127.0.0.1:${port}`,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_EC2_METADATA_DISABLED: 'true',
    });
    expect([result.code, result.stdout]).toEqual([1, '']);
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^flowcache: list "" in s3:\/\/cache-bucket\/team failed: .*ECONNREFUSED/);
    expect(lines[0]).toContain(`127.0.0.1:${port}`);
    expect(lines[1]).toMatch(/^flowcache: check the bucket and prefix, the AWS credentials .+AWS_ENDPOINT_URL_S3/);
  });

  it('prints a stack trace only with FLOWCACHE_DEBUG=1', async () => {
    const url = pathToFileURL(join(scratch, 'not-a-directory')).href;
    await writeFile(join(scratch, 'not-a-directory'), 'x');
    expect((await runCli(['ls', '--storage', url])).stderr).not.toMatch(/\n\s+at /);
    const debug = await runCli(['ls', '--storage', url], { FLOWCACHE_DEBUG: '1' });
    expect(debug.code).toBe(1);
    expect(debug.stderr).toMatch(/\n\s+at .+openInspector/);
  });

  it('reads FLOWCACHE_RESULTS_DEFAULT_STORAGE, else FLOWCACHE_HOME, when --storage is not given', async () => {
    const fromEnv = await runCliJson<{ storage: string; count: number }>(['stats'], {
      FLOWCACHE_RESULTS_DEFAULT_STORAGE: seeded.url,
    });
    expect([fromEnv.storage, fromEnv.count]).toEqual([seeded.url, 6]);
    const home = join(scratch, 'home');
    await mkdir(join(home, 'storage'), { recursive: true });
    await fillStorage(new FileSystemStorage({ basePath: join(home, 'storage') }));
    const fromHome = await runCliJson<{ storage: string; count: number }>(['stats'], { FLOWCACHE_HOME: home });
    expect([fromHome.storage, fromHome.count]).toEqual([pathToFileURL(join(home, 'storage')).href, 6]);
  });

  it('reads a directory that does not exist yet as empty, and says so on stderr', async () => {
    const url = pathToFileURL(join(scratch, 'never-written')).href;
    const empty = { storage: url, records: [], truncated: false, foreign: { count: 0, names: [] } };
    expect(await runCli(['ls', '--storage', url, '--json'])).toEqual({
      code: 0,
      stdout: `${JSON.stringify(empty, null, 2)}\n`,
      stderr: `flowcache: nothing was ever stored in ${url}: the directory does not exist\n`,
    });
  });

  it('--version, --help and help <command> exit with 0; no command at all is a usage error', async () => {
    expect((await runCli(['help', 'ls'])).code).toBe(0);
    expect((await runCli(['ls', '--help'])).code).toBe(0);
    expect((await runCli([])).code).toBe(2);
    expect(await runCli(['--version'])).toEqual({ code: 0, stdout: '0.1.0\n', stderr: '' });
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    for (const command of ['ls', 'show', 'runs', 'run', 'rm', 'prune', 'stats', 'ui'])
      expect(help.stdout).toMatch(new RegExp(`\\n  ${command} `));
  });
});
