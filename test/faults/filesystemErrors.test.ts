import 'reflect-metadata';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Engine, Task, taskInputHash, type Logger, type TaskRunEvent } from '@flowcache/core';
import { FileSystemStorage } from '@flowcache/storage-fs';

class RecordingLogger implements Logger {
  readonly warnings: string[] = [];
  warn(message: string): void {
    this.warnings.push(message);
  }
}

class Totals {
  bodyRuns = 0;

  @Task({ cacheKeyFn: taskInputHash })
  async total(values: number[]): Promise<number> {
    this.bodyRuns++;
    return values.reduce((sum, value) => sum + value, 0);
  }
}

/**
 * A storage directory nothing can be written below. A read-only directory (0o555) stops writes only for a user
 * without CAP_DAC_OVERRIDE: as root (as in CI containers) writes go through, so there the base path gets a parent
 * that is a regular file, which fails every write with ENOTDIR whoever runs it.
 */
async function unwritableBasePath(root: string): Promise<{ basePath: string; how: string }> {
  const readOnly = path.join(root, 'read-only');
  await fs.mkdir(readOnly, { mode: 0o555 });
  await fs.chmod(readOnly, 0o555);
  const probe = path.join(readOnly, 'probe');
  try {
    await fs.writeFile(probe, 'x');
  } catch {
    return { basePath: path.join(readOnly, 'results'), how: 'read-only directory' };
  }
  await fs.rm(probe);
  const file = path.join(root, 'a-file');
  await fs.writeFile(file, 'not a directory');
  return { basePath: path.join(file, 'results'), how: 'parent is a regular file' };
}

describe('a FileSystemStorage that cannot be written', () => {
  let root: string;
  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'flowcache-fs-errors-'));
  });
  afterEach(async () => {
    await fs.chmod(path.join(root, 'read-only'), 0o755).catch(() => undefined);
    await fs.rm(root, { recursive: true, force: true });
  });

  it('still returns the value, with one warning naming the path', async () => {
    const { basePath } = await unwritableBasePath(root);
    const logger = new RecordingLogger();
    const engine = new Engine({ storage: new FileSystemStorage({ basePath }), logger });
    const events: TaskRunEvent[] = [];
    engine.onTaskRun((event) => events.push(event));
    const totals = engine.attach(new Totals());

    await expect(totals.total([1, 2, 3])).resolves.toBe(6);
    expect(events.map((event) => event.state)).toEqual(['Completed']);
    expect(logger.warnings).toEqual([expect.stringContaining(basePath)]);
    expect(logger.warnings[0]).toMatch(/^Totals\.total: writing its result under .* failed \(the call still returns it/);
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
