import type { HashWriter } from './HashWriter';
import { encodeRoot } from './encodeValue';

/**
 * Encodes a call's arguments. Trailing `undefined` arguments are dropped first, so `load(1)` and
 * `load(1, undefined)` share a key, as JavaScript's default parameters treat them alike.
 */
export function encodeArguments(writer: HashWriter, args: readonly unknown[]): void {
  let count = args.length;
  while (count > 0 && args[count - 1] === undefined) count--;
  writer.uint32(count);
  const state = { ancestors: [], path: ['args'] as (string | number)[] };
  for (let index = 0; index < count; index++) {
    state.path.push(index);
    encodeRoot(writer, args[index], state);
    state.path.pop();
  }
}
