import { pathToFileURL } from 'node:url';
import { Engine, type ResultStorage } from '@flowcache/core';
import { FileSystemStorage } from '@flowcache/storage-fs';
import { Reports } from './reports';
import { makeTemporaryDirectory, removeDirectory } from '../../../../test/support/temporaryDirectory';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/** What `seedStorage` wrote, with the times relative to the real clock that make the CLI's words predictable. */
export interface SeededStorage {
  readonly storage: ResultStorage;
  /** The storage's URL, for `--storage`. */
  readonly url: string;
  readonly directory: string;
  remove(): Promise<void>;
}

/** The records `seedStorage` leaves, in key order (the two hash keys sort among them by their digits). */
export const READABLE_KEYS = ['regions/north', 'sales/2026-01-01', 'sales/2026-01-02'];
export const CORRUPT_KEY = 'junk/corrupt';

/**
 * Runs real flows into `storage`, on engines whose clocks sit in the past so that, seen from now:
 * `sales/2026-01-01` expired 2 days 2 hours ago, `sales/2026-01-02` expires in 3 hours 15 minutes (margins keep
 * luxon's truncated "2 days ago" and "in 3 hours" right however slow the machine), the `summarize` records and
 * `regions/north` live on. It also runs a flow that fails and stores one object that is not a record. Flow runs:
 * 4 (nightly twice on the second day, the second time all Cached).
 */
export async function fillStorage(storage: ResultStorage, now: number = Date.now()): Promise<void> {
  const quiet = { warn: () => undefined };
  const early = new Engine({ storage, clock: () => now - 2 * DAY - 6 * HOUR, logger: quiet }).attach(new Reports());
  await early.nightly('2026-01-01');
  const recent = new Engine({ storage, clock: () => now - 45 * 60_000, logger: quiet }).attach(new Reports());
  await recent.nightly('2026-01-02');
  await recent.nightly('2026-01-02');
  const failure = await recent.forecast('2026-01-02').then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!String(failure).includes('model offline'))
    throw new Error(`the forecast flow should fail, got ${String(failure)}`);
  await storage.put(CORRUPT_KEY, new Uint8Array(Buffer.from('not a flowcache record')));
}

/** A fresh directory filled by `fillStorage`. */
export async function seedStorage(): Promise<SeededStorage> {
  const directory = await makeTemporaryDirectory('cli');
  const storage = new FileSystemStorage({ basePath: directory });
  await fillStorage(storage);
  return {
    storage,
    url: pathToFileURL(directory).href,
    directory,
    remove: () => removeDirectory(directory),
  };
}
