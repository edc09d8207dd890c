// Rows of a result, DTOs of one type: the objects hashed together mostly share a few key lists, and sorting a
// short list costs twenty times as much as comparing it with one seen before. A list is remembered with its
// sorted copy and only reused for a list equal to it key by key, so it can never give another list's order.
const MAX_CACHED_KEYS = 64;
const MAX_CACHED_KEY_CHARS = 1024;
const MAX_LISTS = 512;
const MAX_LISTS_PER_FIRST_KEY = 4;

interface KnownList {
  readonly keys: readonly string[];
  readonly sorted: readonly string[];
}

let knownLists = 0;
const byFirstKey = new Map<string, KnownList[]>();

/**
 * `keys` in the order keys are hashed in (`Array#sort`'s: by UTF-16 code units). The result may be shared with
 * other calls: never change it. `keys` itself may be sorted in place.
 */
export function sortedKeys(keys: string[]): readonly string[] {
  if (keys.length < 2) return keys;
  if (keys.length > MAX_CACHED_KEYS) return keys.sort();
  const lists = byFirstKey.get(keys[0]);
  if (lists !== undefined) {
    for (const known of lists) if (sameKeys(known.keys, keys)) return known.sorted;
  }
  const sorted = keys.slice().sort();
  if (isSmall(keys)) remember(lists, { keys, sorted });
  return sorted;
}

/** @internal How many key lists are remembered (bounded by MAX_LISTS), for tests. */
export function rememberedKeyLists(): number {
  return knownLists;
}

function sameKeys(known: readonly string[], keys: readonly string[]): boolean {
  if (known.length !== keys.length) return false;
  for (let index = 0; index < keys.length; index++) if (known[index] !== keys[index]) return false;
  return true;
}

// What is remembered stays small whatever the objects: a bounded number of lists of short keys.
function isSmall(keys: readonly string[]): boolean {
  let chars = 0;
  for (const key of keys) chars += key.length;
  return chars <= MAX_CACHED_KEY_CHARS;
}

function remember(lists: KnownList[] | undefined, list: KnownList): void {
  if (knownLists >= MAX_LISTS) {
    byFirstKey.clear();
    knownLists = 0;
    lists = undefined;
  }
  if (lists === undefined) {
    byFirstKey.set(list.keys[0], [list]);
  } else {
    if (lists.length >= MAX_LISTS_PER_FIRST_KEY) {
      lists.shift();
      knownLists--;
    }
    lists.push(list);
  }
  knownLists++;
}
