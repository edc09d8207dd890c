import type { Stats } from 'node:fs';

/**
 * The version of an object's file, as `getVersioned` and `putIfVersion` compare it: its device and inode (every
 * write is a new file renamed or linked into place, so each has its own inode while it is stored), its size and
 * its time of last change. The size and time tell apart a later file that reuses a removed file's inode number.
 * Not the change time (`ctime`): linking and unlinking the temp name of a new object changes it after the write.
 */
export function fileVersion(stats: Pick<Stats, 'dev' | 'ino' | 'size' | 'mtimeMs'>): string {
  return `${stats.dev}:${stats.ino}:${stats.size}:${stats.mtimeMs}`;
}
