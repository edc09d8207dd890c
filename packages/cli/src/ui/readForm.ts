import type { IncomingMessage } from 'node:http';

/** Forms here hold a key and a token: a body larger than this is refused, not buffered. */
const MAX_FORM_BYTES = 16 * 1024;

export class FormError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The fields of an `application/x-www-form-urlencoded` request body. */
export async function readForm(request: IncomingMessage): Promise<URLSearchParams> {
  const type = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded')
    throw new FormError(415, 'expected a form (application/x-www-form-urlencoded)');
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    length += chunk.byteLength;
    if (length > MAX_FORM_BYTES) throw new FormError(413, `the form is larger than ${MAX_FORM_BYTES} bytes`);
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}
