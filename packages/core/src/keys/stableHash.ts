import { encodeRoot } from './encodeValue';
import { withWriter } from './writerPool';

/**
 * The hex sha256 of a value's canonical encoding: equal values give equal digests in every process and on every
 * machine. Throws `UnhashableInputError` naming the path (`label.client.socket`) of a value with no stable form.
 */
export function stableHash(value: unknown, label = 'value'): string {
  return withWriter((writer) => {
    encodeRoot(writer, value, { ancestors: [], path: [label] });
    return writer.digest();
  });
}
