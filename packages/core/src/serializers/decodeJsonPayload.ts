import type { ValueShape } from '../cache/MemoryTier';
import { fromTagged } from './jsonDecode';
import { holdsTags } from './holdsTags';
import type { Tagged } from './jsonTags';

/** A value read back from a payload, and its shape for the memory tier (see `ValueShape`). */
export interface DecodedPayload {
  readonly value: unknown;
  /**
   * `'jsonTree'` when the value is what `JSON.parse` alone just built. Said only by code that built it so, never
   * by what a record says.
   */
  readonly shape: ValueShape;
}

/** A `json/v1` payload decoded: by one `JSON.parse` when its text holds no tag (a JSON tree), else through the tags. */
export function decodeJsonPayload(bytes: Uint8Array): DecodedPayload {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  const parsed = JSON.parse(text) as Tagged;
  // The tags may build Maps, Dates, binary data... and a value the tree walk would misjudge.
  if (holdsTags(text)) return { value: fromTagged(parsed), shape: 'any' };
  return { value: parsed, shape: 'jsonTree' };
}
