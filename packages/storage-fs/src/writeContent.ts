import type { FileHandle } from 'node:fs/promises';

/** Chunks of one object, in order, as `putStream` gets them. */
export type Chunks = Iterable<Uint8Array> | AsyncIterable<Uint8Array>;

/** What an atomic write puts in its temp file: the bytes, or chunks written one after another. */
export type Content = Uint8Array | { readonly chunks: Chunks };

/** Whether the content is chunks (anything else is handed to the file system as bytes, which checks it). */
export function isChunks(content: Content): content is { readonly chunks: Chunks } {
  return typeof content === 'object' && content !== null && !ArrayBuffer.isView(content) && 'chunks' in content;
}

/**
 * Writes the content into a new file. Chunks are written as they come, from their own memory (no copy): the
 * file storage holds no more than one chunk's worth however long the object is.
 */
export async function writeContent(handle: FileHandle, content: Content): Promise<void> {
  if (!isChunks(content)) {
    await handle.writeFile(content);
    return;
  }
  for await (const chunk of content.chunks) {
    for (let written = 0; written < chunk.byteLength; ) {
      ({ bytesWritten: written } = await writeFrom(handle, chunk, written));
    }
  }
}

async function writeFrom(handle: FileHandle, chunk: Uint8Array, offset: number): Promise<{ bytesWritten: number }> {
  const { bytesWritten } = await handle.write(chunk, offset, chunk.byteLength - offset);
  return { bytesWritten: offset + bytesWritten };
}

/**
 * Chunks that can be read once only: a write retried after its directory was removed must fail rather than write
 * the part of the chunks left.
 */
export function readOnce(chunks: Chunks): Chunks {
  let read = false;
  return {
    async *[Symbol.asyncIterator]() {
      if (read) throw new Error('the chunks of this write were already read by an attempt that failed');
      read = true;
      yield* chunks;
    },
  };
}
