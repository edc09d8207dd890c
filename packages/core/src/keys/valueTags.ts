/**
 * One byte before every value says what it is, so 1, '1', 1n and true never feed the same bytes.
 * Never renumber a tag: it would change every key already stored.
 */
export const Tag = {
  Undefined: 1,
  Null: 2,
  True: 3,
  False: 4,
  Number: 5,
  NaN: 6,
  BigInt: 7,
  String: 8,
  Array: 9,
  Hole: 10,
  Object: 11,
  Instance: 12,
  Map: 13,
  Set: 14,
  Date: 15,
  RegExp: 16,
  Url: 17,
  Binary: 18,
  Error: 19,
  Boxed: 20,
  Cycle: 21,
  Custom: 22,
  UrlSearchParams: 23,
  Headers: 24,
  WithProperties: 25,
  /** Not a value: a long entry of a Map or Set, written as its sha256 (see UnorderedEntries). */
  EntryDigest: 26,
} as const;
