/**
 * What a lock object holds, as JSON. `holder`, `token` and `expiresAt` decide everything; `host` and `pid` only
 * tell a person looking at the bucket which process holds the lock.
 */
export interface LockObjectContent {
  readonly holder: string;
  readonly token: string;
  readonly host: string;
  readonly pid: number;
  /** Epoch milliseconds, by the clock of the process that wrote it. */
  readonly expiresAt: number;
}

/**
 * The largest lock object read, in bytes: a real one is a few hundred. A larger object under a lock's key was
 * planted or damaged; it is treated like any object that is not a lock, without being read.
 */
export const MAX_LOCK_OBJECT_BYTES = 16 * 1024;

/** The bytes of a lock object: its content as UTF-8 JSON. */
export function encodeLockObject(content: LockObjectContent): Uint8Array {
  return new Uint8Array(Buffer.from(JSON.stringify(content), 'utf8'));
}

/** The content of a lock object, or `undefined` when the bytes are not a lock this package wrote. */
export function decodeLockObject(bytes: Uint8Array): LockObjectContent | undefined {
  try {
    const value = JSON.parse(Buffer.from(bytes).toString('utf8')) as Partial<
      Record<keyof LockObjectContent, unknown>
    > | null;
    if (
      typeof value?.holder === 'string' &&
      typeof value.token === 'string' &&
      typeof value.host === 'string' &&
      Number.isSafeInteger(value.pid) &&
      typeof value.expiresAt === 'number' &&
      Number.isFinite(value.expiresAt)
    ) {
      const { holder, token, host, pid, expiresAt } = value as LockObjectContent;
      return { holder, token, host, pid, expiresAt };
    }
  } catch {
    // not JSON: not a lock object we wrote
  }
  return undefined;
}
