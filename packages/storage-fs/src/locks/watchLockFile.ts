import { watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import { ReleaseNoticeLatch, type ReleaseWatch } from '@flowcache/core/adapters';
import { isNothingThere } from '../fileErrors';

/**
 * Notices of changes to one lock file, from a watcher on its directory (`fs.watch`, inotify on Linux): a release
 * renames the file away, and when the directory itself goes (emptied after the last release), so did the lock.
 * A renewal (the file replaced) is noticed too; the waiter then looks and finds it still held. Where there is no
 * directory to watch (nobody holds the lock), the first wait ends at once; where watching fails otherwise (no
 * inotify watches left) or the file system sends no events (some network file systems), waits end at their
 * timeout, the waiter's bounded fallback.
 */
export function watchLockFile(file: string): ReleaseWatch {
  const directory = path.dirname(file);
  const names = new Set([path.basename(file), path.basename(directory)]);
  const latch = new ReleaseNoticeLatch();
  const { notice } = latch;
  let watcher: FSWatcher | undefined;
  const stopWatching = () => {
    watcher?.close();
    watcher = undefined;
  };
  const startWatching = () => {
    try {
      // Not persistent: a waiter's watcher never keeps the process alive; the waiter's own timer bounds its wait.
      watcher = watch(directory, { persistent: false }, (_event, changed) => {
        if (changed === null || names.has(changed.toString())) notice();
      });
      watcher.on('error', () => {
        stopWatching();
        notice();
      });
    } catch (error) {
      // No directory, so no lock file in it. Any other failure (the host's inotify watches used up, a directory
      // that cannot be read) says nothing of the lock: the wait lasts its timeout, never ending at once in a loop.
      if (isNothingThere(error)) notice();
    }
  };
  startWatching();
  return {
    next(timeoutMs) {
      if (watcher === undefined && !latch.pending) startWatching();
      return latch.next(timeoutMs);
    },
    close: stopWatching,
  };
}
