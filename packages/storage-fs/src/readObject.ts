import { closeSync, readSync, type Stats } from 'node:fs';
import { tooLarge } from './fileErrors';
import { openRegularFile, openRegularFileSync, type OpenedCheck } from './openRegularFile';

/**
 * An object's bytes, read synchronously when the file holds at most `syncMaxBytes`: on a local disk that takes a
 * few µs, while the thread-pool round trips of an asynchronous read take 100 µs or more, most of a cache hit.
 * `undefined` for a larger file, to be read with {@link readObject}. Only a regular file is read, and a file
 * larger than `maxBytes` is refused, and `checkOpened` can refuse what was opened (from `fstat`, before reading); at
 * most the size `fstat` reported is read. `opened` is given the `fstat` of the file read (for its version).
 */
export function readObjectSync(
  file: string,
  syncMaxBytes: number,
  maxBytes: number,
  checkOpened?: OpenedCheck<void>,
  opened?: (stats: Stats) => void,
): Buffer | undefined {
  const { descriptor, size, stats } = openRegularFileSync(file, checkOpened);
  try {
    opened?.(stats);
    if (size > maxBytes) throw tooLarge(file, size, maxBytes);
    if (size > syncMaxBytes) return undefined;
    const bytes = Buffer.allocUnsafe(size);
    let filled = 0;
    while (filled < size) {
      const read = readSync(descriptor, bytes, filled, size - filled, filled);
      if (read === 0) break;
      filled += read;
    }
    return bytes.subarray(0, filled);
  } finally {
    closeSync(descriptor);
  }
}

/** An object's bytes, read asynchronously; the same checks as {@link readObjectSync}. */
export async function readObject(
  file: string,
  maxBytes: number,
  checkOpened?: OpenedCheck<Promise<void>>,
  opened?: (stats: Stats) => void,
): Promise<Buffer> {
  const { handle, size, stats } = await openRegularFile(file, checkOpened);
  try {
    opened?.(stats);
    if (size > maxBytes) throw tooLarge(file, size, maxBytes);
    const bytes = Buffer.allocUnsafe(size);
    let filled = 0;
    while (filled < size) {
      const { bytesRead } = await handle.read(bytes, filled, size - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return bytes.subarray(0, filled);
  } finally {
    await handle.close();
  }
}
