import { builtinKindOf } from '../values/builtinKind';

const NODE_LIMIT = 100_000;

/**
 * A rough count of the bytes a value holds in memory, for bounding the memory tier by size: strings at two bytes
 * a character, binary data at its length, a small overhead per object and entry. Stops counting after 100 000
 * nodes (a huge value is then under-counted, but still counted as huge).
 */
export function estimateSize(value: unknown): number {
  let total = 0;
  let nodes = 0;
  const seen = new Set<object>();
  const stack: unknown[] = [value];
  while (stack.length > 0 && nodes++ < NODE_LIMIT) {
    const item = stack.pop();
    switch (typeof item) {
      case 'string':
        total += 16 + item.length * 2;
        continue;
      case 'object':
        break;
      default:
        total += 8;
        continue;
    }
    if (item === null || seen.has(item)) continue;
    seen.add(item);
    // By brand: a Map or typed array from another realm (a vm, jest) holds as much as one of this realm.
    const kind = builtinKindOf(item);
    if (kind === 'binary') {
      total += 32 + (item as ArrayBufferView | ArrayBufferLike).byteLength;
    } else if (kind === 'map') {
      total += 32 + (item as Map<unknown, unknown>).size * 16;
      for (const [key, entry] of item as Map<unknown, unknown>) stack.push(key, entry);
    } else if (kind === 'set') {
      total += 32 + (item as Set<unknown>).size * 8;
      for (const entry of item as Set<unknown>) stack.push(entry);
    } else if (kind === 'array') {
      total += 32 + (item as unknown[]).length * 8;
      for (const entry of item as unknown[]) stack.push(entry);
    } else {
      const keys = Object.keys(item);
      total += 32 + keys.length * 16;
      for (const key of keys) stack.push(key, (item as Record<string, unknown>)[key]);
    }
  }
  return total;
}
