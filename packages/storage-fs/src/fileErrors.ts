/** The `code` of a Node.js system error (`ENOENT`, `EACCES`...), if it has one. */
export function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** The file, or a directory on its path, does not exist: on a read, nothing is stored there. */
export function isNothingThere(error: unknown): boolean {
  const code = errorCode(error);
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/** Code of the error thrown for an entry under a key that is not a regular file (a FIFO, a symlink, a directory). */
export const NOT_REGULAR_FILE = 'ERR_FLOWCACHE_NOT_REGULAR_FILE';

/** Code of the error thrown for a path that leads out of the base path through a symbolic link. */
export const OUTSIDE_STORE = 'ERR_FLOWCACHE_OUTSIDE_STORE';

/** An entry that is not a regular file was found where an object's file should be: it is never opened or read. */
export function notRegularFile(file: string, kind: string): Error {
  const message = `${file} is ${kind}, not a regular file: not an object of this storage, left unread`;
  return Object.assign(new Error(message), { code: NOT_REGULAR_FILE, path: file });
}

/** A directory on a key's path resolves, through a symbolic link, to a place outside the storage's directory. */
export function outsideStore(directory: string, realDirectory: string, realBasePath: string): Error {
  const message =
    `${directory} leads to ${realDirectory}, outside the storage directory ${realBasePath} ` +
    '(a symbolic link inside the store?): nothing there is read, written or deleted';
  return Object.assign(new Error(message), { code: OUTSIDE_STORE, path: directory });
}

/** Code of the error thrown for a file larger than a reader accepts (the storage turns it into ObjectTooLargeError). */
export const TOO_LARGE = 'ERR_FLOWCACHE_TOO_LARGE';

/** A file larger than `maxBytes`, found by `fstat` before anything was read. */
export function tooLarge(file: string, size: number, maxBytes: number): Error & { readonly size: number } {
  const message = `${file} holds ${size} bytes, more than the ${maxBytes} accepted`;
  return Object.assign(new Error(message), { code: TOO_LARGE, path: file, size });
}

/**
 * The error, as the cause of a `StorageError`, with a message that names `file`: Node names the path when opening
 * or renaming fails (and sets `error.path`) but not when reading an open file fails (`EISDIR: ..., read`).
 */
export function namingPath(error: unknown, file: string): unknown {
  const { message, path } = (error ?? {}) as { message?: unknown; path?: unknown };
  if (typeof message !== 'string' || typeof path === 'string') return error;
  return Object.assign(new Error(`${message}, '${file}'`, { cause: error }), { code: errorCode(error), path: file });
}

/**
 * Codes of failures that usually pass if the operation is repeated soon: a busy file or device, too many open
 * files, an interrupted call, a network file system briefly away. A full disk or a permission problem is not one.
 */
const TRANSIENT_CODES = new Set(['EAGAIN', 'EBUSY', 'EINTR', 'EMFILE', 'ENFILE', 'ETIMEDOUT', 'ESTALE', 'ECONNRESET']);

/** The failure may pass if the operation is repeated soon (see `StorageError.transient`). */
export function isTransientFileError(error: unknown): boolean {
  const code = errorCode(error);
  return code !== undefined && TRANSIENT_CODES.has(code);
}
