import { openRegularFile, type OpenedCheck } from './openRegularFile';

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
