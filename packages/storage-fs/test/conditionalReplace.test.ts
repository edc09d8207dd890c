import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { FileSystemStorage } from '../src';
import { bytes, strayFiles } from './support';
import { temporaryFileSystemStorage } from '../../../test/support/temporaryStorage';

const text = (value: Uint8Array | undefined) => (value === undefined ? undefined : Buffer.from(value).toString());

describe('FileSystemStorage.putIfVersion', () => {
  let basePath: string;
  let storage: FileSystemStorage;
  let remove: () => Promise<void>;
  beforeEach(async () => ({ basePath, storage, remove } = await temporaryFileSystemStorage()));
  afterEach(() => remove());

  it('leaves neither temp file nor guard behind, replaced or refused', async () => {
    await storage.put('reports/day', bytes('old'));
    const { version } = (await storage.getVersioned('reports/day'))!;
    const outcomes = await Promise.all([
      storage.putIfVersion('reports/day', bytes('first'), version),
      storage.putIfVersion('reports/day', bytes('second'), version),
    ]);
    expect(outcomes.sort()).toEqual([false, true]);
    expect(await storage.putIfVersion('reports/day', bytes('stale'), version)).toBe(false);
    expect(await strayFiles(basePath)).toEqual([]);
  });

  it('takes over the guard a killed writer left behind, once it is old', async () => {
    await storage.put('reports/day', bytes('old'));
    const { version } = (await storage.getVersioned('reports/day'))!;
    // What a writer killed between taking the guard and letting go of it leaves: a guard file, a minute old.
    const directory = path.join(basePath, 'reports');
    const guard = path.join(directory, `.fc-tmp-guard-${guardDigest('day.fcr')}`);
    await fs.writeFile(guard, '');
    const aMinuteAgo = new Date(Date.now() - 60_000);
    await fs.utimes(guard, aMinuteAgo, aMinuteAgo);

    expect(await storage.putIfVersion('reports/day', bytes('new'), version)).toBe(true);
    expect(text(await storage.get('reports/day'))).toBe('new');
    expect(await strayFiles(basePath)).toEqual([]);
  });

  it('takes over a planted guard dated in the future, instead of failing every write of the key', async () => {
    await storage.put('reports/day', bytes('old'));
    const { version } = (await storage.getVersioned('reports/day'))!;
    // A guard no writer holds, dated a day ahead: by its age alone it would never look abandoned.
    const guard = path.join(basePath, 'reports', `.fc-tmp-guard-${guardDigest('day.fcr')}`);
    await fs.writeFile(guard, '');
    const aDayAhead = new Date(Date.now() + 24 * 60 * 60_000);
    await fs.utimes(guard, aDayAhead, aDayAhead);

    expect(await storage.putIfVersion('reports/day', bytes('new'), version)).toBe(true);
    expect(text(await storage.get('reports/day'))).toBe('new');
    expect(await strayFiles(basePath)).toEqual([]);
  });

  it('is refused for a key whose directory does not exist', async () => {
    expect(await storage.putIfVersion('nowhere/day', bytes('new'), '1:2:3:4')).toBe(false);
    expect(await storage.get('nowhere/day')).toBeUndefined();
  });
});

/** The guard's name, as `replaceIfVersion` derives it from the object's file name. */
function guardDigest(fileName: string): string {
  return createHash('sha256').update(fileName).digest('hex').slice(0, 32);
}
