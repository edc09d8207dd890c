import { closeSync, fstatSync, linkSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { errorCode } from './fileErrors';
import { checkSameFile, CREATE_FLAGS, LINKED_CHECK_FLAGS, tempFileFor } from './writeAtomically';

/** How {@link writeAtomicallySync} writes: without `fsync`, which would block the thread for milliseconds. */
export interface SyncAtomicWriteOptions {
  /** Create only: leave an existing target alone and return `false`. */
  readonly exclusive: boolean;
  /** Throws if the file open as the descriptor lies outside the store (`StoreBoundary.checkOpenedSync`). */
  readonly checkOpened?: (descriptor: number, file: string) => void;
}

/**
 * `writeAtomically` without the thread pool, for a small object in a directory known to exist: the same steps and
 * checks (temp file created with a random name and checked before a byte is written, renamed or linked into
 * place, the target checked where it landed, the temp file removed whatever happens), each a system call made at
 * once. A missing directory is not created: the error (ENOENT) tells the caller to take the asynchronous path.
 */
export function writeAtomicallySync(target: string, bytes: Uint8Array, options: SyncAtomicWriteOptions): boolean {
  const { checkOpened, exclusive } = options;
  const temp = tempFileFor(target);
  const descriptor = openSync(temp, CREATE_FLAGS);
  let tempRemains = true;
  try {
    checkOpened?.(descriptor, temp);
    writeAll(descriptor, bytes);
    // What `writeAtomically` says about a directory swapped meanwhile holds here too: both paths are looked up
    // again by rename and link, and the check through the descriptor sees where the name landed.
    if (exclusive) {
      if (!linkUnlessTaken(temp, target)) return false;
      if (checkOpened !== undefined) checkLinked(descriptor, target, checkOpened);
    } else {
      renameSync(temp, target);
      tempRemains = false;
      checkOpened?.(descriptor, target);
    }
    return true;
  } finally {
    closeSync(descriptor);
    if (tempRemains) removeQuietly(temp);
  }
}

// `writeSync` may write less than asked (a signal, a nearly full disk): the rest follows until all is written.
function writeAll(descriptor: number, bytes: Uint8Array): void {
  let written = 0;
  while (written < bytes.byteLength) written += writeSync(descriptor, bytes, written, bytes.byteLength - written);
}

/** See `checkLinked` of `writeAtomically`: the target must be the temp file and lie inside the store. */
function checkLinked(tempDescriptor: number, target: string, checkOpened: (descriptor: number, file: string) => void) {
  const linked = openSync(target, LINKED_CHECK_FLAGS);
  try {
    checkOpened(linked, target);
    checkSameFile(fstatSync(tempDescriptor), fstatSync(linked), target);
  } finally {
    closeSync(linked);
  }
}

/** See `linkUnlessTaken` of `writeAtomically` (EEXIST of a retried NFS link that succeeded). */
function linkUnlessTaken(temp: string, target: string): boolean {
  try {
    linkSync(temp, target);
    return true;
  } catch (error) {
    if (errorCode(error) !== 'EEXIST') throw error;
    return statSync(temp).nlink === 2;
  }
}

// Best effort, as in `writeAtomically`: a failed clean-up must not hide the outcome of the write.
function removeQuietly(file: string): void {
  try {
    rmSync(file, { force: true });
  } catch {
    // listing skips temp files anyway
  }
}
