import { ANONYMOUS_CLASS } from './builtinKind';

// Nouns that start with a "u" read as "you" take "a": a Uint8Array, a URL, a URLSearchParams, a unique...
const READ_AS_YOU = /^u(?:int|rl|ni|se|sa|su|ti)/i;

/** The noun with the indefinite article it is read with: "a Map", "an Int8Array", "an Error", "a Uint8Array". */
export function withArticle(noun: string): string {
  return /^[aeio]/i.test(noun) || (/^u/i.test(noun) && !READ_AS_YOU.test(noun)) ? `an ${noun}` : `a ${noun}`;
}

/**
 * How a message names an instance of a class (a `className`): "an EventEmitter", "an instance of an anonymous class".
 */
export function anInstanceOf(className: string): string {
  return className === ANONYMOUS_CLASS ? `an instance of an ${ANONYMOUS_CLASS}` : withArticle(className);
}

/** How a message names a class in code a user would write: `HttpError`, or `<its class>` for an anonymous one. */
export function classInCode(className: string): string {
  return className === ANONYMOUS_CLASS ? '<its class>' : className;
}
