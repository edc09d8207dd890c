import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

// `./dir`, `../dir`, `.`, `..`, `/abs/dir`, `~` and `~/dir`. A bare `cache` is not taken for a path: it is more
// often a URL with its scheme forgotten, and a directory named after the typo would quietly fill up.
const PLAIN_PATH = /^(?:\.{1,2}(?:\/|$)|\/|~(?:\/|$))/;

/** Whether `text` is a directory path rather than a URL (`./dir`, `/abs/dir`, `~/dir`). */
export function isPlainPath(text: string): boolean {
  return PLAIN_PATH.test(text);
}

/**
 * The `file:` URL of a directory path: a relative one resolved against the working directory, a leading `~` (left
 * unexpanded when the path was quoted, or read from an environment variable) replaced by the home directory.
 * Undefined when `text` is not a plain path.
 */
export function fileUrlOfPlainPath(text: string): string | undefined {
  if (!isPlainPath(text)) return undefined;
  const path = text.startsWith('~') ? join(homedir(), text.slice(1)) : resolve(text);
  return pathToFileURL(path).href;
}
