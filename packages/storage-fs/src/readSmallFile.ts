import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { readFile } from 'node:fs/promises';

/**
 * A file's bytes. Files of at most `syncMaxBytes` are read synchronously: on a local disk that takes about 15 µs,
 * while the four thread-pool round trips of an asynchronous read take 100 µs or more, which is most of a cache
 * hit. Larger files, and every file when `syncMaxBytes` is 0, are read asynchronously.
 */
export async function readSmallFile(file: string, syncMaxBytes: number): Promise<Buffer> {
  if (syncMaxBytes === 0) return readFile(file);
  const descriptor = openSync(file, 'r');
  try {
    const { size } = fstatSync(descriptor);
    if (size > syncMaxBytes) return await readFile(file);
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
