import type { BuiltinErrorName } from '../values/builtinKind';

export const JSON_SERIALIZER_ID = 'json/v1';

/**
 * What `json/v1` writes: JSON, where a value JSON cannot express is a one-key-first object whose first key is a
 * tag (`{"$date": "…"}`), and a plain object that has a key starting with "$" is wrapped in `{"$object": …}` so it
 * is never read as a tag. Tags are only ever added: a record keeps meaning what it meant when it was written, and
 * an older reader meets a newer tag as an unknown one (a miss), never as a value it would decode differently.
 */
export type Tagged = null | boolean | number | string | Tagged[] | { [key: string]: Tagged };

/** The typed arrays `json/v1` writes by name (Float16Array where this Node has it). */
export const TYPED_ARRAYS: Readonly<Record<string, new (buffer: ArrayBuffer) => ArrayBufferView>> = Object.freeze({
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
  Float32Array,
  Float64Array,
  BigInt64Array,
  BigUint64Array,
  ...float16Array(),
});

function float16Array(): Record<string, new (buffer: ArrayBuffer) => ArrayBufferView> {
  const float16ArrayClass = (globalThis as { Float16Array?: new (buffer: ArrayBuffer) => ArrayBufferView })
    .Float16Array;
  return float16ArrayClass === undefined ? {} : { Float16Array: float16ArrayClass };
}

export const ERROR_CLASSES: Readonly<Record<BuiltinErrorName, ErrorConstructor | AggregateErrorConstructor>> =
  Object.freeze({
    Error,
    TypeError,
    RangeError,
    SyntaxError,
    ReferenceError,
    EvalError,
    URIError,
    AggregateError,
  });

/**
 * An error's own properties that the built-in classes make non-enumerable; written apart from the enumerable
 * ones (`status`, `code`) so each comes back as it was.
 */
export const HIDDEN_ERROR_PROPERTIES: readonly string[] = ['message', 'stack', 'cause', 'errors'];
