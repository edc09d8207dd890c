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
