import { boxedTypeName, type BuiltinKind } from '../values/builtinKind';

/**
 * The properties a match result carries besides its elements (`'abc'.match(/b/)` has `index` 1, `input` 'abc',
 * `groups`; with the `d` flag, `indices`). Two matches of one pattern in different strings have equal elements.
 */
const MATCH_PROPERTIES = ['groups', 'index', 'indices', 'input'] as const;

/**
 * The own properties of a built-in that are part of its key although its encoding (its time, entries, source,
 * href, wrapped primitive, elements...) does not show them, or `undefined` when there are none (by far the most
 * common case, whose key stays what it always was):
 *
 * - a Date, Map, Set, RegExp, URL, URLSearchParams, Headers, or boxed number, boolean or bigint: its own enumerable
 *   string-keyed properties (listing them is cheap: these hold no elements);
 * - a RegExp: also its `lastIndex` when it is not 0, which decides what the next `exec` or `test` returns;
 * - an error: a non-enumerable own `errors` (an AggregateError's), and a `cause` given as `undefined`, which the
 *   error's encoding cannot tell from no cause at all;
 * - an array: only the properties of a RegExp match result. Listing an array's other own keys costs one key per
 *   element (ten times the cost of hashing a large array), so its other named properties are not part of a key.
 *   For the same reason a String object's named properties are not part of a key: it has one own key per
 *   character, listed before them (a string of 50 million characters cannot even be listed).
 *
 * Symbol-keyed and (other) non-enumerable properties are never part of a key: a symbol has no value that another
 * process could reproduce, and a non-enumerable property is the way JavaScript marks what is not data.
 */
export function unseenPropertiesOf(value: object, kind: BuiltinKind): string[] | undefined {
  switch (kind) {
    case 'array':
      return matchPropertiesOf(value);
    case 'date':
    case 'map':
    case 'set':
    case 'url':
    case 'urlSearchParams':
      return nonEmpty(Object.keys(value));
    case 'regexp': {
      const keys = Object.keys(value);
      if ((value as RegExp).lastIndex !== 0) keys.push('lastIndex');
      return nonEmpty(keys);
    }
    case 'boxed':
      return boxedTypeName(value) === 'String' ? undefined : nonEmpty(Object.keys(value));
    case 'error':
      return errorPropertiesOf(value as Error);
    case 'instance':
      // Headers are encoded by their entries (see encodeValue), like the built-ins above.
      return value instanceof Headers ? nonEmpty(Object.keys(value)) : undefined;
    default:
      return undefined;
  }
}

function matchPropertiesOf(array: object): string[] | undefined {
  let present: string[] | undefined;
  for (const key of MATCH_PROPERTIES) if (Object.hasOwn(array, key)) (present ??= []).push(key);
  return present;
}

function errorPropertiesOf(error: Error): string[] | undefined {
  let unseen: string[] | undefined;
  if (error.cause === undefined && Object.hasOwn(error, 'cause')) (unseen ??= []).push('cause');
  if (Object.hasOwn(error, 'errors') && !Object.prototype.propertyIsEnumerable.call(error, 'errors')) {
    (unseen ??= []).push('errors');
  }
  return unseen;
}

function nonEmpty(keys: string[]): string[] | undefined {
  return keys.length === 0 ? undefined : keys;
}
