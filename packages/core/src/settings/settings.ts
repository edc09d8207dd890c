import { ConfigurationError } from '../errors/ConfigurationError';

/** Container-wide settings. Each can also come from an environment variable; explicit values win. */
export interface FlowcacheSettings {
  /**
   * How many results the in-memory tier keeps before evicting the least recently used one.
   * Env `FLOWCACHE_MEMORY_CACHE_SIZE`; default 1000.
   */
  memoryCacheSize: number;
}

export const DEFAULT_SETTINGS: Readonly<FlowcacheSettings> = Object.freeze({ memoryCacheSize: 1000 });

/**
 * Resolves settings with the precedence explicit value > environment variable > default, and checks them.
 * Throws `ConfigurationError` naming the setting or variable when a value is invalid.
 */
export function resolveSettings(
  explicit: Partial<FlowcacheSettings> = {},
  env: NodeJS.ProcessEnv = process.env,
): FlowcacheSettings {
  const memoryCacheSize =
    explicit.memoryCacheSize ?? readInteger(env, 'FLOWCACHE_MEMORY_CACHE_SIZE') ?? DEFAULT_SETTINGS.memoryCacheSize;
  if (!Number.isInteger(memoryCacheSize) || memoryCacheSize < 1) {
    throw new ConfigurationError(`setting memoryCacheSize must be a positive integer, got ${String(memoryCacheSize)}`);
  }
  return { memoryCacheSize };
}

function readInteger(env: NodeJS.ProcessEnv, variable: string): number | undefined {
  const text = env[variable];
  if (text === undefined || text.trim() === '') return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) {
    throw new ConfigurationError(`environment variable ${variable} must be a positive integer, got "${text}"`);
  }
  return value;
}
