import 'reflect-metadata';
import { readdir } from 'node:fs/promises';
import { Engine, Task, type CacheKeyFn } from '@flowcache/core';
import { FileSystemLockManager, FileSystemStorage } from '../../src';
import { makeTemporaryDirectory, removeDirectory } from '../support';
import { RecordingLogger } from '../../../../test/support/recordingLogger';

const byKey: CacheKeyFn = (_context, [key]) => `key-${String(key)}`;

class Service {
  @Task({ cacheKeyFn: byKey, isolationLevel: 'SERIALIZABLE' })
  async load(key: number): Promise<string> {
    if (key % 10 === 3) throw new Error(`no row ${key}`);
    return `row ${key}`;
  }
}

// A lock is a file while it is held: SERIALIZABLE traffic over many keys, failures included, leaves none behind.
it('leaves no lock file after many SERIALIZABLE calls on distinct keys, some failing, some identical', async () => {
  const directory = await makeTemporaryDirectory('storage-fs');
  try {
    const logger = new RecordingLogger();
    const locks = new FileSystemLockManager({ directory: `${directory}/locks` });
    const engine = new Engine({
      logger,
      storage: new FileSystemStorage({ basePath: `${directory}/results` }),
      lockManager: locks,
    });
    const service = engine.attach(new Service());
    const keys = [
      ...Array.from({ length: 300 }, (_, index) => index),
      ...Array.from({ length: 30 }, (_, index) => index),
    ];
    const outcomes = await Promise.allSettled(keys.map((key) => service.load(key)));
    expect(outcomes.filter((outcome) => outcome.status === 'rejected').length).toBeGreaterThanOrEqual(30);
    expect(logger.warnings).toEqual([]);
    expect(engine.runningCallCount).toBe(0);
    // The directory exists (the locks were taken there); no lock file is left in it.
    const entries = await readdir(`${directory}/locks`, { withFileTypes: true, recursive: true });
    expect(entries.filter((entry) => entry.isFile()).map((entry) => entry.name)).toEqual([]);
  } finally {
    await removeDirectory(directory);
  }
});
