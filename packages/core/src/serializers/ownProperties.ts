/**
 * Own properties a serializer looks at before it accepts a value: everything it would not write is reported, so
 * a value that would come back without one of its properties is refused instead of silently losing it.
 */

const MAX_ARRAY_INDEX = 2 ** 32 - 2;

/** Whether a key is an array index (`"0"`, `"17"`; never `"01"`, `"-1"` or `"4294967295"`). */
export function isIndex(key: string): boolean {
  return (key === '0' || /^[1-9]\d{0,9}$/.test(key)) && Number(key) <= MAX_ARRAY_INDEX;
}

/** An enumerable data property, written as it is read: what a plain object's properties must be. */
export function isPlainData(descriptor: PropertyDescriptor): boolean {
  return 'value' in descriptor && descriptor.enumerable === true;
}

type Keeps = (key: string, descriptor: PropertyDescriptor) => boolean;

/** Nothing but the elements: no own property other than indices and `length`. */
export const NOTHING: Keeps = () => false;

/**
 * The first own property of `value` that `keeps` does not accept, described for an error message ("its
 * symbol-keyed property Symbol(id)", "its own property \"extra\""), or `undefined` when every one is kept.
 */
export function unkeptProperty(value: object, keeps: Keeps): string | undefined {
  for (const key of Reflect.ownKeys(value)) {
    const unkept = unkept1(value, key, keeps);
    if (unkept !== undefined) return unkept;
  }
  return undefined;
}

/**
 * The own keys of an array or a String object other than its indices and `length`, in order. Own keys list
 * indices first, in ascending order: the others are read from the end, without testing every index.
 */
export function namedKeys(value: object): (string | symbol)[] {
  const keys = Reflect.ownKeys(value);
  let first = keys.length;
  while (first > 0 && !(typeof keys[first - 1] === 'string' && isIndex(keys[first - 1] as string))) first--;
  return keys.slice(first).filter((key) => key !== 'length');
}

/** `unkeptProperty` for an array or a String object, whose indices and `length` are its elements. */
export function unkeptBeyondElements(value: object, keeps: Keeps): string | undefined {
  for (const key of namedKeys(value)) {
    const unkept = unkept1(value, key, keeps);
    if (unkept !== undefined) return unkept;
  }
  return undefined;
}

/**
 * For typed arrays and Buffers, whose own keys include one per element: listing them costs seconds for a large
 * buffer, so only symbol keys are looked at.
 */
export function unkeptSymbolProperty(value: object): string | undefined {
  const [symbol] = Object.getOwnPropertySymbols(value);
  return symbol === undefined ? undefined : `its symbol-keyed property ${String(symbol)}`;
}

/** How a property that is not kept is named in a message. */
export function describeProperty(key: string | symbol, descriptor: PropertyDescriptor | undefined): string {
  if (typeof key === 'symbol') return `its symbol-keyed property ${String(key)}`;
  if (descriptor !== undefined && !('value' in descriptor)) return `its getter/setter property ${JSON.stringify(key)}`;
  return `its ${descriptor?.enumerable === false ? 'non-enumerable' : 'own'} property ${JSON.stringify(key)}`;
}

function unkept1(value: object, key: string | symbol, keeps: Keeps): string | undefined {
  const descriptor = Object.getOwnPropertyDescriptor(value, key);
  if (typeof key === 'string' && descriptor !== undefined && keeps(key, descriptor)) return undefined;
  return describeProperty(key, descriptor);
}
