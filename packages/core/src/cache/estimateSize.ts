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
    if (ArrayBuffer.isView(item) || item instanceof ArrayBuffer) {
      total += 32 + item.byteLength;
    } else if (item instanceof Map) {
      total += 32 + item.size * 16;
      for (const [key, entry] of item) stack.push(key, entry);
    } else if (item instanceof Set) {
      total += 32 + item.size * 8;
      for (const entry of item) stack.push(entry);
    } else if (Array.isArray(item)) {
      total += 32 + item.length * 8;
      for (const entry of item) stack.push(entry);
    } else {
      const keys = Object.keys(item);
      total += 32 + keys.length * 16;
      for (const key of keys) stack.push(key, (item as Record<string, unknown>)[key]);
    }
  }
  return total;
}
