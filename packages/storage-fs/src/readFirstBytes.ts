import { promises as fs } from 'node:fs';

/** The first `length` bytes of a file, fewer when the file is shorter. */
export async function readFirstBytes(file: string, length: number): Promise<Uint8Array> {
  const handle = await fs.open(file, 'r');
  try {
    // Sized by the file, not by `length`: a caller may ask for "everything" with a huge length.
    const { size } = await handle.stat();
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
