/** What the SDK gives as a response body: a stream that can be read to the end once (in Node, a Readable). */
export interface ResponseBody {
  transformToByteArray(): Promise<Uint8Array>;
}

/** The bytes read from a body, and whether it went on past the limit (then the rest was left unread). */
export interface BodyPrefix {
  readonly bytes: Uint8Array;
  readonly more: boolean;
}

/**
 * Reads a GetObject body to the end as a plain `Uint8Array` (not a Buffer, so it compares equal to other
 * `Uint8Array`s). When the response announced its length, fewer or more bytes than announced throw, so a
 * connection dropped mid-body never passes for a complete, shorter object.
 */
export async function readBody(body: ResponseBody | undefined, announcedLength?: number): Promise<Uint8Array> {
  return (await readBodyUpTo(body, Number.POSITIVE_INFINITY, announcedLength)).bytes;
}

/**
 * Reads at most `limit` bytes of a body, whatever length the server announced or sent: once more arrive, the
 * stream is destroyed and `more` is set, so memory stays within the limit and one chunk even when a server
 * sends no length or ignores a Range. A body read to its end is checked against the announced length.
 */
export async function readBodyUpTo(
  body: ResponseBody | undefined,
  limit: number,
  announcedLength?: number,
): Promise<BodyPrefix> {
  if (body === undefined) return checkLength({ bytes: new Uint8Array(0), more: false }, announcedLength);
  if (!isAsyncIterable(body)) {
    // A body that is no stream (a test double, another runtime) is already in memory: only the limit applies.
    const bytes = plain(await body.transformToByteArray());
    const prefix = { bytes: bytes.subarray(0, Math.min(limit, bytes.byteLength)), more: bytes.byteLength > limit };
    return prefix.more ? prefix : checkLength(prefix, announcedLength);
  }
  if (announcedLength !== undefined && announcedLength <= limit) return readAnnounced(body, announcedLength);
  const chunks: Uint8Array[] = [];
  let total = 0;
  let more = false;
  // Leaving the loop early (break) destroys the stream: the rest of the body is never read.
  for await (const chunk of body) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Uint8Array);
    if (total + bytes.byteLength > limit) {
      chunks.push(bytes.subarray(0, limit - total));
      total = limit;
      more = true;
      break;
    }
    chunks.push(bytes);
    total += bytes.byteLength;
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return more ? { bytes, more } : checkLength({ bytes, more }, announcedLength);
}

/**
 * A body of announced length read into one buffer of that length as its chunks arrive: an object is held once,
 * never as chunks and then their copy. Fewer or more bytes than announced throw; reading stops at the first byte
 * too many, so a server that lies about the length cannot make the reader hold more than it announced.
 */
async function readAnnounced(body: AsyncIterable<unknown>, announcedLength: number): Promise<BodyPrefix> {
  const bytes = new Uint8Array(announcedLength);
  let total = 0;
  for await (const chunk of body) {
    const piece = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Uint8Array);
    if (total + piece.byteLength > announcedLength) {
      throw incompleteBody(`the response body went on past its ${announcedLength} announced bytes`);
    }
    bytes.set(piece, total);
    total += piece.byteLength;
  }
  return checkLength(
    { bytes: total === announcedLength ? bytes : bytes.subarray(0, total), more: false },
    announcedLength,
  );
}

/** Drops a body without reading it (a response refused by its headers), so its connection is not left waiting. */
export function discardBody(body: ResponseBody | undefined): void {
  (body as { destroy?: () => void } | undefined)?.destroy?.();
}

function checkLength(prefix: BodyPrefix, announcedLength: number | undefined): BodyPrefix {
  if (announcedLength !== undefined && prefix.bytes.byteLength !== announcedLength) {
    throw incompleteBody(`the response body had ${prefix.bytes.byteLength} of ${announcedLength} announced bytes`);
  }
  return prefix;
}

function incompleteBody(message: string): Error {
  return Object.assign(new Error(message), { code: 'IncompleteResponseBody' });
}

function isAsyncIterable(body: object): body is ResponseBody & AsyncIterable<unknown> {
  return typeof (body as Partial<AsyncIterable<unknown>>)[Symbol.asyncIterator] === 'function';
}

function plain(bytes: Uint8Array): Uint8Array {
  return bytes.constructor === Uint8Array ? bytes : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
