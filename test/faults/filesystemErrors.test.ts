import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, promises as fs, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Engine, Task, taskInputHash } from '@flowcache/core';
import { FileSystemStorage } from '@flowcache/storage-fs';
import { describeNeeding } from '../support/describeNeeding';
import { runTypeScript } from '../support/runTypeScript';
import { Totals } from './fixtures/totalOnFileStorage';
import { RecordingLogger } from '../support/recordingLogger';
import { makeTemporaryDirectory, removeDirectory } from '../support/temporaryDirectory';

/**
 * Runs root's programs without the capabilities that let root ignore file permissions, so that a read-only
 * directory refuses writes as it does for everyone else. (Running as another user instead would need the
 * repository to be readable by that user, which a private checkout is not.)
 */
const WITHOUT_ROOT_OVERRIDES = [
  'setpriv',
  '--inh-caps=-dac_override,-dac_read_search',
  '--bounding-set=-dac_override,-dac_read_search',
];

/** Runs a fixture of test/faults/fixtures in a new Node process, under `launcher` when given; its stdout. */
async function runFixture(name: string, args: string[], launcher: readonly string[]): Promise<string> {
  const result = await runTypeScript(path.join(__dirname, 'fixtures', name), args, {}, { launcher });
  if (result.code !== 0) throw new Error(`${name} exited with ${result.code}:\n${result.stderr}`);
  return result.stdout;
}

describe('a FileSystemStorage that cannot be written', () => {
  let root: string;
  beforeEach(async () => {
    root = await makeTemporaryDirectory('fs-errors');
  });
  afterEach(async () => {
    await removeDirectory(root);
  });

  it('without permission (EACCES): still returns the value, with one warning naming the path', async () => {
    // A read-only directory; root, who may write anywhere, runs the task without that power.
    const basePath = path.join(root, 'results');
    await fs.mkdir(basePath);
    await fs.chmod(basePath, 0o555);
    const asRoot = process.getuid?.() === 0;
    const output = await runFixture('totalOnFileStorage.ts', [basePath], asRoot ? WITHOUT_ROOT_OVERRIDES : []);
    const { value, bodyRuns, warnings } = JSON.parse(output);
    expect({ value, bodyRuns }).toEqual({ value: 6, bodyRuns: 1 });
    expect(warnings).toEqual([
      expect.stringMatching(/^Totals\.total: writing its result under .* failed \(the call still returns it/),
    ]);
    expect(warnings[0]).toContain('EACCES: permission denied');
    expect(warnings[0]).toContain(basePath);
    expect(await fs.readdir(basePath)).toEqual([]);
  });

  it('does the same when the storage directory was replaced by a file', async () => {
    const basePath = path.join(root, 'results');
    const storage = new FileSystemStorage({ basePath });
    const logger = new RecordingLogger();
    const engine = new Engine({ storage, logger });
    const totals = engine.attach(new Totals());
    await expect(totals.total([1])).resolves.toBe(1);
    expect(logger.warnings).toEqual([]);

    await fs.rm(basePath, { recursive: true });
    await fs.writeFile(basePath, 'not a directory');
    const fresh = new Engine({ storage, logger }).attach(new Totals());
    await expect(fresh.total([1])).resolves.toBe(1);
    expect(fresh.bodyRuns).toBe(1);
    expect(logger.warnings).toEqual([expect.stringContaining(basePath)]);
  });
});

/**
 * Why a small file system cannot be mounted here, or `undefined` when it can: mounting a tmpfs needs root (with
 * CAP_SYS_ADMIN), as in the CI container.
 */
function whyNoSmallFileSystem(): string | undefined {
  const probe = mkdtempSync(path.join(os.tmpdir(), 'flowcache-mount-probe-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe], { stdio: 'pipe' });
    execFileSync('umount', [probe]);
    return undefined;
  } catch (error) {
    return (
      `a full disk is simulated with a 256 KiB tmpfs, which this user ` +
      `cannot mount (run the tests as root): ${(error as Error).message}`
    );
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
}

class Blobs {
  bodyRuns = 0;

  @Task({ cacheKeyFn: taskInputHash })
  async blob(name: string, size: number): Promise<string> {
    this.bodyRuns++;
    return name.repeat(size);
  }
}

/** Every file below `directory`, by its path relative to it. */
async function filesBelow(directory: string): Promise<string[]> {
  const entries = await fs.readdir(directory, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(directory, path.join(entry.parentPath, entry.name)));
}

describeNeeding(whyNoSmallFileSystem(), 'a FileSystemStorage on a full disk (ENOSPC)', () => {
  let basePath: string;
  beforeEach(() => {
    basePath = mkdtempSync(path.join(os.tmpdir(), 'flowcache-full-disk-'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', basePath]);
  });
  afterEach(() => {
    execFileSync('umount', [basePath]);
    rmSync(basePath, { recursive: true, force: true });
  });

  it('returns the value, warns once naming the path, leaves no partial file and keeps what was stored', async () => {
    const storage = new FileSystemStorage({ basePath });
    const logger = new RecordingLogger();
    const blobs = new Engine({ storage, logger }).attach(new Blobs());
    await expect(blobs.blob('a', 50_000)).resolves.toHaveLength(50_000);
    expect(logger.warnings).toEqual([]);
    const stored = await filesBelow(basePath);
    expect(stored).toHaveLength(1);

    // 400 KB cannot fit in what is left of 256 KiB.
    await expect(blobs.blob('b', 400_000)).resolves.toHaveLength(400_000);
    await expect(blobs.blob('c', 300_000)).resolves.toHaveLength(300_000);
    expect(logger.warnings).toEqual([
      expect.stringMatching(/^Blobs\.blob: writing its result under .* failed \(the call still returns it/),
    ]);
    expect(logger.warnings[0]).toContain('ENOSPC');
    expect(logger.warnings[0]).toContain(basePath);
    // Nothing half-written: no temp file, no partial record, no directory made for it; the first record is intact.
    await expect(storage.put('reports/2026/huge', new Uint8Array(400_000))).rejects.toMatchObject({
      transient: false,
      cause: { code: 'ENOSPC' },
    });
    expect(await filesBelow(basePath)).toEqual(stored);
    expect(await fs.readdir(basePath)).toEqual(stored);
    const next = new Engine({ storage, logger: new RecordingLogger() }).attach(new Blobs());
    await expect(next.blob('a', 50_000)).resolves.toHaveLength(50_000);
    expect(next.bodyRuns).toBe(0);
  });
});
