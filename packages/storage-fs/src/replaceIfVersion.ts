import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { errorCode, isNothingThere } from './fileErrors';
import { fileVersion } from './fileVersion';
import { TEMP_PREFIX } from './segmentEncoding';
import { CREATE_FLAGS, tempFileFor } from './writeAtomically';

export interface ReplaceOptions {
  readonly fsync: boolean;
  /** Throws if the file open as the descriptor lies outside the store (see `AtomicWriteOptions.checkOpened`). */
  readonly checkOpened?: (descriptor: number, file: string) => Promise<void>;
  /** With `fsync`, flushes the target's directory once the target has its new bytes. */
  readonly syncDirectory?: () => Promise<void>;
}

// A guard is held for a `stat` and a `rename`: one older than this was left by a writer killed meanwhile.
const ABANDONED_GUARD_MS = 10_000;
// How long a writer waits for another's guard on the same key before it reports a (transient) failure.
const GUARD_WAIT_MS = 5_000;
const GUARD_RETRY_MS = 2;

/**
 * Replaces `target` with `bytes` only if the file there is still the version read (`fileVersion`); `false`, and
 * nothing written, when it was replaced or removed. The bytes go to a temp file first; then, holding the key's
 * guard (a file created with `O_EXCL` next to the target, so one conditional writer of a key at a time), the
 * target's version is compared and the temp file renamed over it. Atomic with respect to other calls of this
 * function and to `putIfAbsent` (a `link`, which cannot replace a file); a plain `put` or `delete` landing
 * between the comparison and the rename is overwritten. The guard's name starts like a temp file's, so listings
 * skip it and remove it when left behind; a writer that finds one abandoned by a killed writer removes it.
 */
export async function replaceIfVersion(
  target: string,
  bytes: Uint8Array,
  version: string,
  options: ReplaceOptions,
): Promise<boolean> {
  const temp = tempFileFor(target);
  const handle = await fs.open(temp, CREATE_FLAGS);
  let tempRemains = true;
  try {
    await options.checkOpened?.(handle.fd, temp);
    await handle.writeFile(bytes);
    if (options.fsync) await handle.sync();
    const guard = await takeGuard(target);
    try {
      if ((await versionOf(target)) !== version) return false;
      await fs.rename(temp, target);
      tempRemains = false;
      await options.checkOpened?.(handle.fd, target);
    } finally {
      await fs.rm(guard, { force: true });
    }
    if (options.fsync) await options.syncDirectory?.();
    return true;
  } finally {
    await handle.close();
    if (tempRemains) await fs.rm(temp, { force: true }).catch(() => undefined);
  }
}

/** The guard's path: fixed per target (hashed, so that a long object name still fits), never a key's file. */
function guardFor(target: string): string {
  const digest = createHash('sha256').update(path.basename(target)).digest('hex').slice(0, 32);
  return path.join(path.dirname(target), `${TEMP_PREFIX}guard-${digest}`);
}

async function takeGuard(target: string): Promise<string> {
  const guard = guardFor(target);
  const deadline = Date.now() + GUARD_WAIT_MS;
  for (;;) {
    let handle: FileHandle | undefined;
    try {
      handle = await fs.open(guard, CREATE_FLAGS);
      return guard;
    } catch (error) {
      if (errorCode(error) !== 'EEXIST') throw error;
    } finally {
      await handle?.close();
    }
    if (await removeIfAbandoned(guard)) continue;
    if (Date.now() >= deadline) {
      throw Object.assign(new Error(`another writer of ${target} kept its guard ${guard} too long`), {
        code: 'EBUSY',
        path: guard,
      });
    }
    await sleep(GUARD_RETRY_MS);
  }
}

async function removeIfAbandoned(guard: string): Promise<boolean> {
  try {
    const stats = await fs.lstat(guard);
    // One dated as far ahead is no live writer's either (planted, or a clock far off): taken over like an old one.
    if (Math.abs(Date.now() - stats.mtimeMs) < ABANDONED_GUARD_MS) return false;
    await fs.unlink(guard);
    return true;
  } catch (error) {
    if (isNothingThere(error)) return true; // released meanwhile
    throw error;
  }
}

async function versionOf(target: string): Promise<string | undefined> {
  try {
    const stats = await fs.lstat(target);
    return stats.isFile() ? fileVersion(stats) : undefined;
  } catch (error) {
    if (isNothingThere(error)) return undefined;
    throw error;
  }
}
