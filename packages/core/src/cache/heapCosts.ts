/**
 * What V8 (64-bit Node, without pointer compression) holds for each part of a value, in bytes, as measured with
 * full garbage collections around many copies of each shape (see bench/src/memory/tierBound.ts). Where V8's
 * layout cannot be seen from JavaScript, the larger figure is taken: the memory tier must not hold more than it
 * is allowed, and keeping a little less than it could costs only a recomputation.
 */
export const HEAP_COSTS = {
  /** A pointer or small integer in a field, an array element or a Map slot. */
  slot: 8,
  /** A number that is not a 31-bit integer, boxed when it sits in an object, a Map or a mixed array. */
  heapNumber: 16,
  /** A string's header; its characters follow, one byte each, or two when one of them is above U+00FF. */
  stringHeader: 16,
  /** An object's header (hidden class, properties, elements). */
  objectHeader: 32,
  /**
   * Properties beyond this many may leave an object in dictionary mode (built by `object[key] = value`): about
   * 40 bytes a property instead of one slot. Whether it did cannot be seen, so every such object is counted so.
   */
  fastProperties: 12,
  dictionaryProperty: 40,
  /** An array's object and its elements' header; each element then takes a slot, plus slack left by growth. */
  arrayHeader: 48,
  arrayElement: 10,
  /** A Map or Set with its hash table, and what each entry adds to the table. */
  collectionHeader: 160,
  mapEntry: 40,
  setEntry: 32,
  /** A typed array, Buffer or DataView object, and an ArrayBuffer object (its bytes live outside the heap). */
  view: 96,
  arrayBuffer: 96,
  date: 104,
  boxed: 32,
  regexp: 96,
  bigintHeader: 16,
  function: 64,
  symbol: 32,
  /**
   * One entry of the memory tier beyond its value: the key's characters (added per entry), its slot in the
   * table, the entry and its bookkeeping objects, and its dates.
   */
  tierEntry: 320,
} as const;

const NOT_ONE_BYTE = /[^\0-\xff]/;

/** Bytes a string's characters take: V8 stores a string with no character above U+00FF one byte a character. */
export function stringBytes(text: string): number {
  return roundToWord(HEAP_COSTS.stringHeader + text.length * (isOneByte(text) ? 1 : 2));
}

// A string of up to 4 characters is read here (cheaper than calling into the regular expression engine); for
// longer ones (names, dates, ids) the regular expression is the cheaper: for a one-byte string V8 answers without
// scanning, and a two-byte one is scanned until its first wide character.
const SHORT_STRING = 4;

function isOneByte(text: string): boolean {
  if (text.length > SHORT_STRING) return !NOT_ONE_BYTE.test(text);
  for (let index = 0; index < text.length; index++) if (text.charCodeAt(index) > 0xff) return false;
  return true;
}

export function roundToWord(bytes: number): number {
  return Math.ceil(bytes / 8) * 8;
}
