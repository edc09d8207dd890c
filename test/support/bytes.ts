/** The UTF-8 bytes of `text`, as storages take them. */
export const bytes = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'utf8'));

/** The UTF-8 text of stored bytes; `undefined` (a miss) stays `undefined`. */
export const text = (value: Uint8Array | undefined): string | undefined =>
  value === undefined ? undefined : Buffer.from(value).toString('utf8');
