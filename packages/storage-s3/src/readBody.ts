/** What the SDK gives as a response body: a stream that can be read to the end once. */
export interface ResponseBody {
  transformToByteArray(): Promise<Uint8Array>;
}

/**
 * Reads a GetObject body to the end as a plain `Uint8Array` (not a Buffer, so it compares equal to other
 * `Uint8Array`s). When the response announced its length, fewer or more bytes than announced throw, so a
 * connection dropped mid-body never passes for a complete, shorter object.
 */
export async function readBody(body: ResponseBody | undefined, announcedLength?: number): Promise<Uint8Array> {
  const bytes = body === undefined ? new Uint8Array(0) : await body.transformToByteArray();
  if (announcedLength !== undefined && bytes.byteLength !== announcedLength) {
    throw Object.assign(new Error(`the response body had ${bytes.byteLength} of ${announcedLength} announced bytes`), {
      code: 'IncompleteResponseBody',
    });
  }
  return bytes.constructor === Uint8Array ? bytes : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
