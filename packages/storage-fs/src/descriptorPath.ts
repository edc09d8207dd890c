import { existsSync, readlinkSync } from 'node:fs';

/**
 * Linux names what a descriptor refers to in `/proc/self/fd/<fd>`: the path of the file as it is now, wherever
 * the path used to open, create or rename it led at that moment. Checking that path, rather than the path given
 * beforehand, is what closes the race with someone swapping a directory for a symbolic link mid-operation (Node
 * has no `openat`). Elsewhere (macOS, or Linux without `/proc`) this is unavailable.
 */
export function descriptorPathsAvailable(): boolean {
  return process.platform === 'linux' && existsSync('/proc/self/fd');
}

/** The current path of the file open as `descriptor`; only where {@link descriptorPathsAvailable}. */
export function descriptorPathSync(descriptor: number): string {
  return readlinkSync(`/proc/self/fd/${descriptor}`);
}
