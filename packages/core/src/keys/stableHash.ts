import { encodeRoot } from './encodeValue';
import { STABLE_HASH_FORMAT } from './keyFormat';
import { acquireWriter, releaseWriter } from './writerPool';

/**
 * The hex sha256 of a value's canonical encoding: equal values give equal digests in every process and on every
 * machine. Throws `UnhashableInputError` naming the path (`label.client.socket`) of a value with no stable form.
 */
export function stableHash(value: unknown, label = 'value'): string {
  const writer = acquireWriter();
  try {
    writer.string(STABLE_HASH_FORMAT);
    encodeRoot(writer, value, { ancestors: [], path: [label] });
    return writer.digest();
  } finally {
    releaseWriter(writer);
  }
}
