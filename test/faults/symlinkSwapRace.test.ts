// Someone with write access to the store swaps one of its directories with a symbolic link to a directory outside
// it, in a loop, while the store's owner puts, gets and deletes a key in that directory. Whatever the timing,
// nothing outside is read, overwritten, deleted or left behind.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, promises as fs, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { FileSystemStorage } from '@flowcache/storage-fs';
import { entryName, nameFileName } from '../../packages/storage-fs/src/longSegments';
import { describeNeeding } from '../support/describeNeeding';
import { makeTemporaryDirectory, removeDirectory } from '../support/temporaryDirectory';

const SWAPPER = path.join(__dirname, 'fixtures', 'swapDirectories.py');
const ITERATIONS = 2000;
const SECRET = 'a file of the owner, outside the store\n';
const LONG_SEGMENT = '%'.repeat(200);
const LONG_KEY = `team/${LONG_SEGMENT}`;

// The swap needs Linux's renameat2 (called from Python through ctypes).
const missing =
  process.platform !== 'linux'
    ? `the symbolic-link swap race runs on Linux only (renameat2), not on ${process.platform}`
    : spawnSync('python3', ['--version']).error !== undefined
      ? 'python3 is not installed (apt-get install -y python3)'
      : undefined;

describeNeeding(
  missing,
  'a store directory swapped for a symbolic link to outside, in a loop, during puts, gets and deletes',
  () => {
    let root: string;
    beforeEach(async () => {
      root = await makeTemporaryDirectory('swap');
    });
    afterEach(() => removeDirectory(root));

    it(`touches nothing outside the store in ${ITERATIONS} rounds`, async () => {
      const basePath = path.join(root, 'store');
      const outside = path.join(root, 'outside');
      const victim = path.join(outside, 'x.fcr');
      await fs.mkdir(path.join(basePath, 'team'), { recursive: true });
      await fs.mkdir(outside);
      // Keeps `team` from being removed when a delete empties it: the swap needs both entries.
      await fs.writeFile(path.join(basePath, 'team', 'keep'), '');
      await fs.symlink(outside, path.join(basePath, 'elsewhere'));
      writeFileSync(victim, SECRET);
      // A file outside named as the long key's name file would be in the store: a swap must not remove it either.
      const outsideNameFile = path.join(outside, nameFileName(entryName(LONG_SEGMENT, true)));
      writeFileSync(outsideNameFile, SECRET);

      const swapper = spawn('python3', [SWAPPER, path.join(basePath, 'team'), path.join(basePath, 'elsewhere')], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      swapper.stderr.on('data', (chunk) => (stderr += chunk));
      const exited = new Promise<void>((resolve) => swapper.on('exit', () => resolve()));
      await new Promise<void>((resolve) => swapper.stdout.once('data', () => resolve()));

      const storage = new FileSystemStorage({ basePath });
      const outcome = { deletedOutside: 0, overwrittenOutside: 0, readOutside: 0 };
      try {
        for (let round = 0; round < ITERATIONS; round++) {
          await storage.put('team/x', Buffer.from('mine')).catch(() => undefined);
          const got = await storage.get('team/x').catch(() => undefined);
          if (got !== undefined && Buffer.from(got).toString() === SECRET) outcome.readOutside++;
          await storage.delete('team/x').catch(() => undefined);
          // A segment too long for a file name: stored under its hash, with a name file beside it.
          await storage.put(LONG_KEY, Buffer.from('mine')).catch(() => undefined);
          await storage.delete(LONG_KEY).catch(() => undefined);
          if (!existsSync(victim)) {
            outcome.deletedOutside++;
            writeFileSync(victim, SECRET);
          } else if (readFileSync(victim, 'utf8') !== SECRET) {
            outcome.overwrittenOutside++;
            writeFileSync(victim, SECRET);
          }
        }
      } finally {
        swapper.kill();
        await exited;
      }
      expect(stderr).toBe('');
      expect(outcome).toEqual({ deletedOutside: 0, overwrittenOutside: 0, readOutside: 0 });
      // No temp file or directory left outside either.
      expect((await fs.readdir(outside)).sort()).toEqual([path.basename(outsideNameFile), 'x.fcr'].sort());
    }, 120_000);
  },
);
