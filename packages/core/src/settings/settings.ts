import { ConfigurationError } from '../errors/ConfigurationError';
import { isStorageLocation, storageLocationForms } from '../storage/storageSchemes';

/** Container-wide settings. Each can also come from an environment variable; explicit values win. */
export interface FlowcacheSettings {
  /**
   * How many results the in-memory tier keeps before evicting the least recently used one.
   * Env `FLOWCACHE_MEMORY_CACHE_SIZE`; default 1000.
   */
  memoryCacheSize: number;
  /**
   * How many bytes (estimated) the in-memory tier may hold; larger results are not kept in memory.
   * Env `FLOWCACHE_MEMORY_CACHE_MAX_BYTES`; default 268435456 (256 MiB).
   */
  memoryCacheMaxBytes: number;
  /**
   * Run every task's body and overwrite its cached result, except tasks with `refreshCache: false`.
   * Env `FLOWCACHE_REFRESH_CACHE`; default false.
   */
  refreshCache: boolean;
  /**
   * Make a call whose key cannot be computed throw instead of running uncached with a warning.
   * Env `FLOWCACHE_STRICT_KEYS`; default false.
   */
  strictKeys: boolean;
  /**
   * Persist results of tasks whose own options and flow leave it open. Env `FLOWCACHE_RESULTS_PERSIST_BY_DEFAULT`;
   * default false.
   */
  persistResultsByDefault: boolean;
  /**
   * Make a result that cannot be serialized, or a failed `sync` write, fail the call instead of warning.
   * Env `FLOWCACHE_STRICT_PERSISTENCE`; default false.
   */
  strictPersistence: boolean;
  /**
   * Where results are persisted when neither the task, its flow nor a `RESULT_STORAGE` binding says: a URL,
   * `file:///abs/path`, `s3://bucket/prefix` or `memory://name`, or a directory path (`./dir`, resolved against the
   * working directory when the storage is first needed; `/abs/dir`; `~/dir`). Env `FLOWCACHE_RESULTS_DEFAULT_STORAGE`;
   * default `file://<FLOWCACHE_HOME or ~/.flowcache>/storage`.
   */
  defaultStorage: string | undefined;
  /**
   * How long a SERIALIZABLE call's lease on its key lasts unless renewed (it is renewed every third of it while
   * the body runs), in milliseconds: the longest a crashed holder can keep others waiting.
   * Env `FLOWCACHE_LOCK_LEASE_MS`; default 30000.
   */
  lockLeaseMs: number;
  /**
   * How long a SERIALIZABLE call waits for another holder of its key before it runs without the lock (with a
   * warning), in milliseconds. Env `FLOWCACHE_LOCK_WAIT_MS`; default 600000 (10 minutes).
   */
  lockWaitMs: number;
  /**
   * Keep the history of flow runs (their task runs, states, keys and timings) in the result storage, one object
   * per top-level flow run, for `CacheInspector` and the `flowcache` CLI. Env `FLOWCACHE_RUN_HISTORY`; default true.
   */
  runHistory: boolean;
  /**
   * How many task runs, and how many subflow runs, the history of a top-level flow run (its subflows included)
   * keeps in detail, 0 to 1000000: the ones beyond are counted per task (runs per state and per cache-miss
   * reason, total, shortest and longest duration) and per subflow, so that a flow run making a million calls
   * writes a small history and holds little memory while it runs. Task-run events are reported for every run
   * whatever this says. Env `FLOWCACHE_RUN_HISTORY_DETAIL`; default 1000.
   */
  runHistoryDetail: number;
  /**
   * Keys of HMAC-SHA256 record signatures, each at least 32 bytes: with any, every record written is signed with
   * the first, and a record read must be signed by one of them (else it is a miss, with a warning); list an old
   * key after the new one while rotating. Env `FLOWCACHE_SIGNING_KEYS` (comma-separated); default none: records
   * are not signed, and signatures are ignored.
   */
  signingKeys: readonly string[];
  /**
   * How many times a record read or write that failed with a transient `StorageError` (a busy server, a dropped
   * connection) is tried again before the call goes on without it, waiting a random time up to
   * `storageRetryDelayMs`, then twice that, and so on (at most 10 s). Reads are retried so that a stored result is
   * not recomputed, and its body's side effects repeated, because of one failed request. Writes replace the whole
   * record, so repeating one is harmless. 0 turns retries off. Env `FLOWCACHE_STORAGE_RETRIES`; default 2.
   */
  storageRetries: number;
  /**
   * The longest wait before the first retry of a storage operation, in milliseconds, 0 to 10000 (see
   * `storageRetries`). Env `FLOWCACHE_STORAGE_RETRY_DELAY_MS`; default 100.
   */
  storageRetryDelayMs: number;
  /**
   * The largest record a reader accepts, in bytes, stored or once decompressed: a larger stored object is not
   * read (its size is checked first), decompression stops at this size, and either is a miss with a warning. A
   * result whose record would be larger is not written (readers would refuse it): the call returns it, with a
   * warning. It bounds the memory a planted or runaway record can take: the bytes read, and the value decoded
   * from them, which for a pathological shape (millions of empty objects) can take up to about 60 times as much
   * memory at its peak, while it is built. Env `FLOWCACHE_MAX_RECORD_BYTES`; default 67108864 (64 MiB).
   */
  maxRecordBytes: number;
  /**
   * How long a memory hit of a persisted task may go without checking that its stored record is still there and
   * still the same one, in milliseconds. Past it, the hit reads the record's header (one small ranged read, no
   * payload) before serving: a record deleted (`flowcache rm`, `prune`, the UI's Invalidate, `engine.invalidate`
   * in another process) or replaced by another process drops the memory copy, and the call takes the storage path
   * (the newer record is a hit; none: the body runs and writes it back). The default, 5000 (5 s), keeps hits at
   * memory speed (a hot key costs one header read per 5 s, not one per call) while a deletion reaches every
   * running process within 5 s. 0 checks on every memory hit; `'off'` never checks (memory copies live until
   * evicted, expired or `engine.invalidate`d). Memory-only results (`persistResult: false`) are never checked.
   * Env `FLOWCACHE_MEMORY_REVALIDATE_MS` (a whole number, or `off`); default 5000.
   */
  memoryRevalidateMs: number | 'off';
  /**
   * Report spans and metrics to OpenTelemetry when the application has `@opentelemetry/api` installed (see the
   * README's "OpenTelemetry"); `false` turns it off. Without the package, nothing is loaded and nothing reported
   * whatever this says. Env `FLOWCACHE_TELEMETRY`; default true.
   */
  telemetry: boolean;
}

/** The values allowed for bounded integer settings, inclusive. */
const RANGES = {
  storageRetries: [0, 10],
  // A retry never waits longer than 10 s (see retryTransient), so a longer first wait would be silently cut.
  storageRetryDelayMs: [0, 10_000],
  // Readers skip a history over 16 MiB (MAX_RUN_HISTORY_BYTES): 10 000 task runs and 10 000 subflows kept in
  // detail stay well under it; the runs beyond are counted.
  runHistoryDetail: [0, 10_000],
} as const satisfies Record<string, readonly [number, number]>;

/** The shortest signing key accepted, in bytes (UTF-8): as long as the HMAC-SHA256 output. */
const MIN_SIGNING_KEY_BYTES = 32;

export const DEFAULT_SETTINGS: Readonly<FlowcacheSettings> = Object.freeze({
  memoryCacheSize: 1000,
  memoryCacheMaxBytes: 256 * 1024 * 1024,
  refreshCache: false,
  strictKeys: false,
  persistResultsByDefault: false,
  strictPersistence: false,
  defaultStorage: undefined,
  lockLeaseMs: 30_000,
  lockWaitMs: 10 * 60_000,
  runHistory: true,
  runHistoryDetail: 1000,
  signingKeys: Object.freeze([]) as readonly string[],
  storageRetries: 2,
  storageRetryDelayMs: 100,
  maxRecordBytes: 64 * 1024 * 1024,
  memoryRevalidateMs: 5000,
  telemetry: true,
});

/**
 * Resolves settings with the precedence explicit value > environment variable > default, and checks them.
 * Throws `ConfigurationError` naming the setting or variable when a value is invalid.
 */
export function resolveSettings(
  explicit: Partial<FlowcacheSettings> = {},
  env: Readonly<Record<string, string | undefined>> = process.env,
): FlowcacheSettings {
  for (const name of Object.keys(explicit)) {
    if (!(name in DEFAULT_SETTINGS)) {
      throw new ConfigurationError(
        `unknown setting "${name}"; the settings are ${Object.keys(DEFAULT_SETTINGS).join(', ')}`,
      );
    }
  }
  const settings: FlowcacheSettings = {
    memoryCacheSize:
      explicit.memoryCacheSize ?? readInteger(env, 'FLOWCACHE_MEMORY_CACHE_SIZE') ?? DEFAULT_SETTINGS.memoryCacheSize,
    memoryCacheMaxBytes:
      explicit.memoryCacheMaxBytes ??
      readInteger(env, 'FLOWCACHE_MEMORY_CACHE_MAX_BYTES') ??
      DEFAULT_SETTINGS.memoryCacheMaxBytes,
    refreshCache: explicit.refreshCache ?? readBoolean(env, 'FLOWCACHE_REFRESH_CACHE') ?? DEFAULT_SETTINGS.refreshCache,
    strictKeys: explicit.strictKeys ?? readBoolean(env, 'FLOWCACHE_STRICT_KEYS') ?? DEFAULT_SETTINGS.strictKeys,
    persistResultsByDefault:
      explicit.persistResultsByDefault ??
      readBoolean(env, 'FLOWCACHE_RESULTS_PERSIST_BY_DEFAULT') ??
      DEFAULT_SETTINGS.persistResultsByDefault,
    strictPersistence:
      explicit.strictPersistence ??
      readBoolean(env, 'FLOWCACHE_STRICT_PERSISTENCE') ??
      DEFAULT_SETTINGS.strictPersistence,
    defaultStorage: explicit.defaultStorage ?? nonEmpty(env.FLOWCACHE_RESULTS_DEFAULT_STORAGE),
    lockLeaseMs: explicit.lockLeaseMs ?? readInteger(env, 'FLOWCACHE_LOCK_LEASE_MS') ?? DEFAULT_SETTINGS.lockLeaseMs,
    lockWaitMs: explicit.lockWaitMs ?? readInteger(env, 'FLOWCACHE_LOCK_WAIT_MS') ?? DEFAULT_SETTINGS.lockWaitMs,
    runHistory: explicit.runHistory ?? readBoolean(env, 'FLOWCACHE_RUN_HISTORY') ?? DEFAULT_SETTINGS.runHistory,
    runHistoryDetail:
      explicit.runHistoryDetail ??
      readInteger(env, 'FLOWCACHE_RUN_HISTORY_DETAIL', RANGES.runHistoryDetail) ??
      DEFAULT_SETTINGS.runHistoryDetail,
    signingKeys: explicit.signingKeys ?? readList(env, 'FLOWCACHE_SIGNING_KEYS') ?? DEFAULT_SETTINGS.signingKeys,
    storageRetries:
      explicit.storageRetries ??
      readInteger(env, 'FLOWCACHE_STORAGE_RETRIES', RANGES.storageRetries) ??
      DEFAULT_SETTINGS.storageRetries,
    storageRetryDelayMs:
      explicit.storageRetryDelayMs ??
      readInteger(env, 'FLOWCACHE_STORAGE_RETRY_DELAY_MS', RANGES.storageRetryDelayMs) ??
      DEFAULT_SETTINGS.storageRetryDelayMs,
    maxRecordBytes:
      explicit.maxRecordBytes ?? readInteger(env, 'FLOWCACHE_MAX_RECORD_BYTES') ?? DEFAULT_SETTINGS.maxRecordBytes,
    memoryRevalidateMs:
      explicit.memoryRevalidateMs ??
      readRevalidation(env, 'FLOWCACHE_MEMORY_REVALIDATE_MS') ??
      DEFAULT_SETTINGS.memoryRevalidateMs,
    telemetry: explicit.telemetry ?? readBoolean(env, 'FLOWCACHE_TELEMETRY') ?? DEFAULT_SETTINGS.telemetry,
  };
  for (const name of [
    'memoryCacheSize',
    'memoryCacheMaxBytes',
    'lockLeaseMs',
    'lockWaitMs',
    'maxRecordBytes',
  ] as const) {
    if (!Number.isInteger(settings[name]) || settings[name] < 1) {
      throw new ConfigurationError(`setting ${name} must be a positive integer, got ${show(settings[name])}`);
    }
  }
  for (const name of ['storageRetries', 'storageRetryDelayMs', 'runHistoryDetail'] as const) {
    const [least, most] = RANGES[name];
    if (!Number.isInteger(settings[name]) || settings[name] < least || settings[name] > most) {
      throw new ConfigurationError(
        `setting ${name} must be a whole number from ${least} to ${most}, got ${show(settings[name])}`,
      );
    }
  }
  if (settings.defaultStorage !== undefined && !isStorageLocation(settings.defaultStorage)) {
    throw new ConfigurationError(
      `setting defaultStorage (FLOWCACHE_RESULTS_DEFAULT_STORAGE) ` +
        `is "${settings.defaultStorage}"; use ${storageLocationForms()}`,
    );
  }
  for (const name of [
    'refreshCache',
    'strictKeys',
    'persistResultsByDefault',
    'strictPersistence',
    'runHistory',
    'telemetry',
  ] as const) {
    if (typeof settings[name] !== 'boolean') {
      throw new ConfigurationError(`setting ${name} must be true or false, got ${String(settings[name])}`);
    }
  }
  const revalidate = settings.memoryRevalidateMs;
  if (revalidate !== 'off' && (!Number.isSafeInteger(revalidate) || revalidate < 0)) {
    throw new ConfigurationError(
      `setting memoryRevalidateMs must be a whole number of milliseconds ` +
        `(0 checks on every memory hit) or 'off', got ${show(revalidate)}`,
    );
  }
  checkSigningKeys(settings.signingKeys, explicit.signingKeys === undefined ? 'FLOWCACHE_SIGNING_KEYS' : undefined);
  return settings;
}

// The message says which key is wrong by its position, never by its value.
function checkSigningKeys(keys: unknown, variable: string | undefined): void {
  const name = variable === undefined ? 'setting signingKeys' : `setting signingKeys (${variable})`;
  if (!Array.isArray(keys) || keys.some((key) => typeof key !== 'string')) {
    throw new ConfigurationError(`${name} must be a list of strings`);
  }
  keys.forEach((key: string, index) => {
    const bytes = Buffer.byteLength(key, 'utf8');
    if (bytes < MIN_SIGNING_KEY_BYTES) {
      throw new ConfigurationError(
        `${name}: key ${index + 1} of ${keys.length} has ${bytes} bytes; each needs at least ${MIN_SIGNING_KEY_BYTES}`,
      );
    }
  });
}

function nonEmpty(text: string | undefined): string | undefined {
  return text === undefined || text.trim() === '' ? undefined : text.trim();
}

/** A decimal integer from the variable, within `[least, most]` when given (else ≥ 1). */
function readInteger(
  env: Readonly<Record<string, string | undefined>>,
  variable: string,
  [least, most]: readonly [number, number] = [1, Number.MAX_SAFE_INTEGER],
): number | undefined {
  const text = env[variable];
  if (text === undefined || text.trim() === '') return undefined;
  const value = /^\s*\d+\s*$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value) || value < least || value > most) {
    const wanted = most === Number.MAX_SAFE_INTEGER ? 'a positive integer' : `a whole number from ${least} to ${most}`;
    throw new ConfigurationError(`environment variable ${variable} must be ${wanted}, got "${text}"`);
  }
  return value;
}

/** Milliseconds (0 included) or `off`, from the variable. */
function readRevalidation(
  env: Readonly<Record<string, string | undefined>>,
  variable: string,
): number | 'off' | undefined {
  const text = env[variable]?.trim().toLowerCase();
  if (text === undefined || text === '') return undefined;
  if (text === 'off') return 'off';
  const value = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value)) {
    throw new ConfigurationError(
      `environment variable ${variable} must be a whole number of milliseconds ` +
        `(0 checks on every memory hit) or off, got "${env[variable]}"`,
    );
  }
  return value;
}

/** A setting's value in a message: strings quoted, so that '2' is not mistaken for 2. */
function show(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

function readBoolean(env: Readonly<Record<string, string | undefined>>, variable: string): boolean | undefined {
  const text = env[variable]?.trim().toLowerCase();
  if (text === undefined || text === '') return undefined;
  if (text === 'true' || text === '1') return true;
  if (text === 'false' || text === '0') return false;
  throw new ConfigurationError(`environment variable ${variable} must be true or false, got "${env[variable]}"`);
}

function readList(env: Readonly<Record<string, string | undefined>>, variable: string): readonly string[] | undefined {
  const text = env[variable];
  if (text === undefined || text.trim() === '') return undefined;
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}
