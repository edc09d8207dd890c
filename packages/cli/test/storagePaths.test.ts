import { symlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runCli, runCliJson } from './support/runCli';
import { seedStorage, type SeededStorage } from './support/seedStorage';
import { makeTemporaryDirectory, removeDirectory } from '../../../test/support/temporaryDirectory';

// Each test runs the CLI as a child process a few times: about half a second each on a busy machine.
jest.setTimeout(60_000);

describe('a file storage given as a plain directory path', () => {
  let seeded: SeededStorage;
  let home: string;
  beforeAll(async () => {
    seeded = await seedStorage();
    home = await makeTemporaryDirectory('cli-home');
    await symlink(seeded.directory, join(home, 'results'), 'dir');
  });
  afterAll(async () => {
    await seeded.remove();
    await removeDirectory(home);
  });

  const stats = (args: string[], env: Record<string, string> = {}, cwd?: string) =>
    runCliJson<{ storage: string; count: number }>(['stats', ...args], env, { cwd }).then(({ storage, count }) => ({
      storage,
      count,
    }));

  it('--storage takes ./relative (to the working directory), /absolute and an unexpanded ~/path', async () => {
    const expected = { storage: seeded.url, count: 6 };
    expect(await stats(['--storage', `./${basename(seeded.directory)}`], {}, dirname(seeded.directory))).toEqual(
      expected,
    );
    expect(await stats(['--storage', seeded.directory])).toEqual(expected);
    expect(await stats(['--storage=~/results'], { HOME: home })).toEqual({
      storage: pathToFileURL(join(home, 'results')).href,
      count: 6,
    });
  });

  it('FLOWCACHE_RESULTS_DEFAULT_STORAGE takes a path too, as engines read it', async () => {
    expect(
      await stats(
        [],
        { FLOWCACHE_RESULTS_DEFAULT_STORAGE: `./${basename(seeded.directory)}` },
        dirname(seeded.directory),
      ),
    ).toEqual({
      storage: seeded.url,
      count: 6,
    });
    expect(await stats([], { FLOWCACHE_RESULTS_DEFAULT_STORAGE: '~/results', HOME: home })).toEqual({
      storage: pathToFileURL(join(home, 'results')).href,
      count: 6,
    });
  });

  it('a bare word is not taken for a directory: exit code 2, naming the forms accepted', async () => {
    expect(await runCli(['ls', '--storage', 'results'])).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'flowcache: --storage is "results", which is neither a URL nor a directory path; use file:///abs/path, ' +
        's3://bucket/prefix, memory://name or a directory path (./dir, /abs/dir, ~/dir)\n',
    });
  });
});
