import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

/**
 * A Lua script run by its SHA1 (EVALSHA: one round trip, the source is not sent again). A server that does not
 * know it yet, or forgot it (restart, SCRIPT FLUSH), answers NOSCRIPT, and the script is then sent with EVAL,
 * which also caches it on the server. Unlike ioredis's `defineCommand`, this adds no command to the user's client.
 */
export class LuaScript {
  /** The SHA1 of the source, in hex, as Redis names cached scripts. */
  readonly sha1: string;

  /** @param source The Lua code, sent in full only when the server does not know its SHA1. */
  constructor(readonly source: string) {
    this.sha1 = createHash('sha1').update(source).digest('hex');
  }

  /** Runs the script on `keys` with `args` and resolves to its reply; Redis errors are thrown as they are. */
  async run(client: Redis, keys: readonly string[], args: readonly (string | number)[]): Promise<unknown> {
    try {
      return await client.evalsha(this.sha1, keys.length, ...keys, ...args);
    } catch (error) {
      if (!isNoScript(error)) throw error;
      return client.eval(this.source, keys.length, ...keys, ...args);
    }
  }
}

function isNoScript(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith('NOSCRIPT');
}
