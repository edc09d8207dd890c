import { watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import { ReleaseNoticeLatch, type ReleaseWatch } from '@flowcache/core/adapters';

/**
 * Notices of changes to one lock file, from a watcher on its directory (`fs.watch`, inotify on Linux): a release
 * renames the file away, and when the directory itself goes (emptied after the last release), so did the lock.
 * A renewal (the file replaced) is noticed too; the waiter then looks and finds it still held. Where watching is
 * not possible (no such directory: nobody holds the lock), the first wait ends at once; where the file system
 * sends no events (some network file systems), waits end at their timeout, the waiter's bounded fallback.
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
    } catch {
      notice(); // no directory, so no lock file in it
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
