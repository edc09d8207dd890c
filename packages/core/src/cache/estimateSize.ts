import { types } from 'node:util';
import { builtinKindOf } from '../values/builtinKind';
import { HEAP_COSTS as COST, roundToWord, stringBytes } from './heapCosts';
import { SeenObjects } from './SeenObjects';

/** Elements, entries or properties of one collection looked at: a larger one is sampled, spread over it. */
export const SAMPLE_SIZE = 32;

/** Objects looked into for one estimate, whatever the value's size: bounds what an estimate costs. */
export const VISIT_BUDGET = 2048;

/** A Map's or Set's sample is spread over at most this many of its first entries. */
export const SAMPLE_SPAN = 8 * SAMPLE_SIZE;

/**
 * The bytes a value holds in V8's heap and in its ArrayBuffers, for bounding the memory tier by size, calibrated
 * on what V8 really holds (see `HEAP_COSTS`). Its cost is bounded whatever the value's size: of an array, Map,
 * Set or object with more than `SAMPLE_SIZE` elements, entries or properties, only that many (half as many of a
 * Map's entries, which give two children each), spread over it, are looked into, and what they hold is extrapolated to
 * all of them; at most `VISIT_BUDGET` objects are looked
 * into, shared between the sampled children of each object. An object seen twice is counted once; binary data
 * counts the whole ArrayBuffer it keeps alive. Objects below the budget's reach (a value nested more than about
 * `VISIT_BUDGET` levels deep) count their header only.
 */
export function estimateSize(value: unknown): number {
  if (typeof value !== 'object' || value === null) return COST.slot + primitiveBytes(value, false);
  return COST.slot + new SizeWalk(new SeenObjects()).run(value);
}

/**
 * `estimateSize` of a JSON tree: a value `JSON.parse` just built, made of plain objects, arrays, strings, numbers,
 * booleans and `null`, none of them reachable twice. The same estimate, with the same sampling and budget, taken
 * without noting the objects met (none is met twice) or reading their brands (each is an array or a plain
 * object). Given any other value, its estimate is wrong (a Map counts as an empty object), though still bounded in
 * cost: only what the caller knows to be such a tree may be counted here.
 */
export function estimateJsonTreeSize(value: unknown): number {
  if (typeof value !== 'object' || value === null) return COST.slot + primitiveBytes(value, false);
  // The tree walk reads an object's properties with `for...in`, which would list one planted on Object.prototype.
  if (objectPrototypeHasEnumerableKeys()) return estimateSize(value);
  return COST.slot + new SizeWalk(undefined).run(value);
}

function objectPrototypeHasEnumerableKeys(): boolean {
  for (const _key in Object.prototype) return true;
  return false;
}

// Depth first, with an explicit stack (no recursion, whatever the depth). Each object is visited with a weight
// (how many objects of the value it stands for, after sampling) and a budget (objects its subtree may visit).
// Without `seen`, the value is a JSON tree (see `estimateJsonTreeSize`).
class SizeWalk {
  private total = 0;
  private readonly items: object[] = [];
  private readonly weights: number[] = [];
  private readonly budgets: number[] = [];

  constructor(private readonly seen: SeenObjects | undefined) {}

  run(root: object): number {
    this.push(root, 1, VISIT_BUDGET);
    while (this.items.length > 0) this.visit(this.items.pop()!, this.weights.pop()!, this.budgets.pop()!);
    return Math.ceil(this.total);
  }

  private push(item: object, weight: number, budget: number): void {
    this.items.push(item);
    this.weights.push(weight);
    this.budgets.push(budget);
  }

  private visit(item: object, weight: number, budget: number): void {
    if (this.seen === undefined) {
      if (Array.isArray(item)) this.visitArray(item, weight, budget);
      else this.visitDataObject(item, weight, budget);
      return;
    }
    if (!this.seen.add(item)) return;
    // By brand: a Map or typed array from another realm (a vm, jest) holds as much as one of this realm.
    switch (builtinKindOf(item)) {
      case 'array':
        return this.visitArray(item as unknown[], weight, budget);
      case 'map':
        return this.visitEntries(item as Map<unknown, unknown>, true, weight, budget);
      case 'set':
        return this.visitEntries(item as Set<unknown>, false, weight, budget);
      case 'plainObject':
      case 'instance':
        return this.visitObject(item, COST.objectHeader, weight, budget);
      case 'error':
        // The stack trace is formatted lazily, by code that may be the user's: counted, not read.
        return this.visitObject(
          item,
          COST.objectHeader + 1024 + stringBytes(String((item as Error).message)),
          weight,
          budget,
        );
      case 'binary':
        this.total += weight * this.binaryBytes(item as ArrayBufferView | ArrayBufferLike);
        return;
      case 'date':
        this.total += weight * COST.date;
        return;
      case 'boxed':
        this.total += weight * (COST.boxed + (types.isStringObject(item) ? stringBytes(String(item)) : 0));
        return;
      case 'regexp':
        this.total += weight * (COST.regexp + stringBytes((item as RegExp).source));
        return;
      case 'url':
      case 'urlSearchParams':
        this.total += weight * (4 * COST.objectHeader + 2 * stringBytes(String(item)));
        return;
      default:
        // Promises, weak collections, generators: what they hold cannot be read.
        this.total += weight * COST.objectHeader;
    }
  }

  private visitArray(array: unknown[], weight: number, budget: number): void {
    const { length } = array;
    const picks = Math.min(length, SAMPLE_SIZE);
    const sampled: unknown[] = new Array(picks);
    for (let pick = 0; pick < picks; pick++) sampled[pick] = array[Math.floor((pick * length) / picks)];
    // An array of numbers only keeps them unboxed; a mixed one boxes every number that is not a small integer.
    const packed = sampled.every((element) => typeof element === 'number');
    const own = COST.arrayHeader + COST.arrayElement * length;
    this.visitSample(sampled, length, own, packed, weight, budget);
  }

  private visitEntries(
    collection: Map<unknown, unknown> | Set<unknown>,
    isMap: boolean,
    weight: number,
    budget: number,
  ): void {
    const { size } = collection;
    // A Map's entry gives two children, key and value: half as many entries make as large a sample.
    const picks = Math.min(size, isMap ? SAMPLE_SIZE / 2 : SAMPLE_SIZE);
    // Not indexable: reaching an entry costs a step per entry before it. The sample is spread over the first
    // `SAMPLE_SPAN` entries only, so that a huge collection costs no more than a small one (its later entries are
    // taken to be like its earlier ones).
    const span = Math.min(size, SAMPLE_SPAN);
    const sampled: unknown[] = [];
    if (size <= SAMPLE_SPAN) {
      // Spread into arrays, which V8 does natively, far faster than stepping an iterator from script.
      const values = [...collection.values()];
      const keys = isMap ? [...(collection as Map<unknown, unknown>).keys()] : undefined;
      for (let pick = 0; pick < picks; pick++) {
        const index = Math.floor((pick * size) / picks);
        if (keys !== undefined) sampled.push(keys[index]);
        sampled.push(values[index]);
      }
    } else {
      let index = 0;
      let next = 0;
      for (const entry of isMap ? (collection as Map<unknown, unknown>).entries() : collection.values()) {
        if (index++ !== next) continue;
        if (isMap) sampled.push((entry as [unknown, unknown])[0], (entry as [unknown, unknown])[1]);
        else sampled.push(entry);
        const taken = isMap ? sampled.length / 2 : sampled.length;
        if (taken === picks) break;
        next = Math.floor((taken * span) / picks);
      }
    }
    const own = COST.collectionHeader + (isMap ? COST.mapEntry : COST.setEntry) * size;
    this.visitSample(sampled, size, own, false, weight, budget, isMap ? 2 : 1);
  }

  private visitObject(item: object, header: number, weight: number, budget: number): void {
    const keys = Object.keys(item);
    const count = keys.length;
    const picks = Math.min(count, SAMPLE_SIZE);
    const sampled: unknown[] = new Array(picks);
    for (let pick = 0; pick < picks; pick++)
      sampled[pick] = (item as Record<string, unknown>)[keys[Math.floor((pick * count) / picks)]];
    // Property names are shared by every object that has them (V8 keeps one copy of each): not counted here.
    const perProperty = count <= COST.fastProperties ? COST.slot : COST.dictionaryProperty;
    this.visitSample(sampled, count, header + perProperty * count, false, weight, budget);
  }

  // `visitObject` of a JSON tree's object: its values read by `for...in` (own data properties only, in the order of
  // `Object.keys`, as Object.prototype lists nothing), which V8 reads through the object's enumeration cache,
  // rather than looked up one by one by key (a third of the whole estimate's cost).
  private visitDataObject(item: object, weight: number, budget: number): void {
    const values: unknown[] = [];
    for (const key in item) values.push((item as Record<string, unknown>)[key]);
    const count = values.length;
    const picks = Math.min(count, SAMPLE_SIZE);
    let sampled = values;
    if (picks < count) {
      sampled = new Array(picks);
      for (let pick = 0; pick < picks; pick++) sampled[pick] = values[Math.floor((pick * count) / picks)];
    }
    const perProperty = count <= COST.fastProperties ? COST.slot : COST.dictionaryProperty;
    this.visitSample(sampled, count, COST.objectHeader + perProperty * count, false, weight, budget);
  }

  // Counts a container: its own bytes, and its sampled children extrapolated to all `count` of them (a Map's
  // entries give two children each). Primitives are counted at once; objects are visited with a share of the
  // budget, the budget sampling them again when they outnumber it. Those it cannot reach count their header.
  private visitSample(
    sampled: unknown[],
    count: number,
    own: number,
    packed: boolean,
    weight: number,
    budget: number,
    perItem = 1,
  ): void {
    const scale = sampled.length === 0 ? 0 : (count * perItem) / sampled.length;
    let primitives = 0;
    // Most containers sampled are leaves (rows of primitives): no array is made for their children then.
    let children: object[] | undefined;
    for (let index = 0; index < sampled.length; index++) {
      const child = sampled[index];
      if (typeof child === 'object' && child !== null) (children ??= []).push(child);
      else primitives += primitiveBytes(child, packed);
    }
    this.total += weight * (own + scale * primitives);
    const room = budget - 1;
    if (children === undefined) return;
    if (room < 1) {
      this.total += weight * scale * children.length * COST.objectHeader;
      return;
    }
    const visited = Math.min(children.length, room);
    const share = Math.floor(room / visited);
    const childWeight = (weight * scale * children.length) / visited;
    for (let pick = 0; pick < visited; pick++) {
      this.push(children[Math.floor((pick * children.length) / visited)], childWeight, share);
    }
  }

  // The bytes of binary data live in its ArrayBuffer, which a view keeps alive whole (a Buffer sliced from a
  // larger one holds all of it); several views of one buffer count it once.
  private binaryBytes(binary: ArrayBufferView | ArrayBufferLike): number {
    if (types.isAnyArrayBuffer(binary)) return bufferBytes(binary); // visited once, as any object
    const { buffer } = binary as ArrayBufferView;
    if (!this.seen!.add(buffer)) return COST.view;
    return COST.view + bufferBytes(buffer);
  }
}

function bufferBytes(buffer: ArrayBufferLike): number {
  return COST.arrayBuffer + buffer.byteLength;
}

const SMALL_INTEGER = 2 ** 31;

/** Bytes a primitive takes beyond its slot; `packed`: in an array of numbers only, which keeps them unboxed. */
function primitiveBytes(value: unknown, packed: boolean): number {
  switch (typeof value) {
    case 'string':
      return stringBytes(value);
    case 'number':
      return packed || (Number.isInteger(value) && value >= -SMALL_INTEGER && value < SMALL_INTEGER)
        ? 0
        : COST.heapNumber;
    case 'bigint':
      return roundToWord(COST.bigintHeader + Math.ceil((value < 0n ? -value : value).toString(16).length / 2));
    case 'symbol':
      return COST.symbol;
    case 'function':
      return COST.function;
    default:
      return 0; // true, false, null, undefined: one shared object each
  }
}
