import { closeSync, readSync } from 'node:fs';
import { openRegularFile, openRegularFileSync, type OpenedCheck } from './openRegularFile';

/** The first `length` bytes of a regular file, fewer when the file is shorter; anything else is refused. */
export async function readFirstBytes(
  file: string,
  length: number,
  checkOpened?: OpenedCheck<Promise<void>>,
): Promise<Uint8Array> {
  const { handle, size } = await openRegularFile(file, checkOpened);
  try {
    // Sized by the file, not by `length`: a caller may ask for "everything" with a huge length.
    const buffer = new Uint8Array(Math.min(length, size));
    let filled = 0;
    while (filled < buffer.byteLength) {
      const { bytesRead } = await handle.read(buffer, filled, buffer.byteLength - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return buffer.subarray(0, filled);
  } finally {
    await handle.close();
  }
}

/**
 * {@link readFirstBytes}, synchronously: for the few KiB of a record's header, which a walk over thousands of
 * records reads one after another, four thread-pool round trips cost far more than the read itself.
 */
export function readFirstBytesSync(file: string, length: number, checkOpened?: OpenedCheck<void>): Uint8Array {
  const { descriptor, size } = openRegularFileSync(file, checkOpened);
  try {
    const buffer = new Uint8Array(Math.min(length, size));
    let filled = 0;
    while (filled < buffer.byteLength) {
      const read = readSync(descriptor, buffer, filled, buffer.byteLength - filled, filled);
      if (read === 0) break;
      filled += read;
    }
    return buffer.subarray(0, filled);
  } finally {
    closeSync(descriptor);
  }
}
