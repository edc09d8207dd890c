import { TaskDefinitionError } from '../errors/TaskDefinitionError';
import { CachePolicy } from '../policies/CachePolicy';
import { LONGEST_CACHE_EXPIRATION, LONGEST_RETRY_DELAY } from './durationLimits';
import { parseExpiration } from './parseExpiration';
import { findSerializer } from '../serializers/serializerRegistry';
import { compileStorageKeyTemplate } from '../keys/storageKeyTemplate';

/**
 * Checks decorator options when the class is defined, so a typo or a bad value fails at startup with a message
 * naming the method and the option, instead of being ignored at run time.
 */
export function validateOptions(
  decorator: string,
  methodLabel: string,
  options: object,
  allowed: readonly string[],
  parameterNames: readonly string[] = [],
): void {
  const fail = (problem: string): never => {
    throw new TaskDefinitionError(`${decorator} on ${methodLabel}: ${problem}`);
  };
  if (typeof options !== 'object' || options === null) fail('options must be an object');
  for (const name of Object.keys(options)) {
    if (!allowed.includes(name)) fail(`unknown option "${name}"; the options are ${allowed.join(', ')}`);
  }
  const {
    name,
    retries,
    retryDelay,
    cacheKeyFn,
    cachePolicy,
    cacheExpiration,
    refreshCache,
    strictKeys,
    version,
    persistResult,
    cacheResultInMemory,
    resultStorage,
    resultSerializer,
    persistMode,
    resultStorageKey,
    strictPersistence,
    isolationLevel,
    lockManager,
    onCommit,
    onRollback,
  } = options as Record<string, unknown>;
  if (name !== undefined && (typeof name !== 'string' || name.trim() === '')) {
    fail('name must be a non-empty string');
  }
  if (retries !== undefined && !(Number.isInteger(retries) && (retries as number) >= 0)) {
    fail(`retries must be a whole number of 0 or more, got ${String(retries)}`);
  }
  const durations = [
    ['cacheExpiration', cacheExpiration, LONGEST_CACHE_EXPIRATION],
    ['retryDelay', retryDelay, LONGEST_RETRY_DELAY],
  ] as const;
  for (const [option, value, longest] of durations) {
    const parsed = value === undefined ? 0 : parseExpiration(value);
    if (typeof parsed === 'string') {
      fail(
        `${option} must be a luxon Duration, a duration object like { hours: 24 }, an ISO-8601 duration like ` +
          `'PT24H' or milliseconds; ${parsed}`,
      );
    }
    if ((parsed as number) > longest.milliseconds) {
      const given = typeof value === 'number' ? `${value} ms` : `${JSON.stringify(value)} (${parsed} ms)`;
      fail(`${option} must be at most ${longest.text}, got ${given}: ${longest.reason}`);
    }
  }
  if (cacheKeyFn !== undefined && typeof cacheKeyFn !== 'function') {
    fail('cacheKeyFn must be a function (context, args) => string | null | undefined');
  }
  if (cachePolicy !== undefined && !(cachePolicy instanceof CachePolicy)) {
    fail('cachePolicy must be a policy such as DEFAULT, INPUTS.add(TASK_SOURCE) or NONE');
  }
  const flags = [
    ['refreshCache', refreshCache],
    ['strictKeys', strictKeys],
    ['persistResult', persistResult],
    ['cacheResultInMemory', cacheResultInMemory],
    ['strictPersistence', strictPersistence],
  ] as const;
  for (const [option, value] of flags) {
    if (value !== undefined && typeof value !== 'boolean') fail(`${option} must be true or false`);
  }
  if (version !== undefined && (typeof version !== 'string' || version.trim() === '')) {
    fail('version must be a non-empty string');
  }
  if (resultStorage !== undefined && !isStorage(resultStorage)) {
    fail('resultStorage must be a storage such as new FileSystemStorage({ basePath }) or new S3Storage({ ... })');
  }
  if (typeof resultSerializer === 'string' && findSerializer(resultSerializer) === undefined) {
    fail(
      `unknown resultSerializer "${resultSerializer}"; use json, ` +
        `v8, gzip+json, brotli+v8, ... or registerSerializer() first`,
    );
  }
  if (resultSerializer !== undefined && typeof resultSerializer !== 'string' && !isSerializer(resultSerializer)) {
    fail(
      'resultSerializer must be a serializer id such as "json" or "v8", or an object { id, serialize, deserialize }',
    );
  }
  if (persistMode !== undefined && persistMode !== 'sync' && persistMode !== 'background') {
    fail(`persistMode must be "sync" or "background", got ${JSON.stringify(persistMode)}`);
  }
  if (resultStorageKey !== undefined) {
    if (typeof resultStorageKey !== 'string') fail('resultStorageKey must be a template string');
    if (cacheKeyFn !== undefined) fail('resultStorageKey is the cache key: use it or cacheKeyFn, not both');
    const compiled = compileStorageKeyTemplate(resultStorageKey as string, parameterNames);
    if (typeof compiled === 'string') fail(`resultStorageKey ${compiled}`);
  }
  if (isolationLevel !== undefined && isolationLevel !== 'READ_COMMITTED' && isolationLevel !== 'SERIALIZABLE') {
    fail(`isolationLevel must be "READ_COMMITTED" or "SERIALIZABLE", got ${JSON.stringify(isolationLevel)}`);
  }
  const locks = lockManager as Record<string, unknown> | null | undefined;
  if (locks !== undefined && (typeof locks !== 'object' || locks === null || typeof locks.acquire !== 'function')) {
    fail('lockManager must be a lock manager such as new MemoryLockManager()');
  }
  for (const [option, hooks] of [
    ['onCommit', onCommit],
    ['onRollback', onRollback],
  ] as const) {
    if (hooks !== undefined && !(Array.isArray(hooks) ? hooks : [hooks]).every((hook) => typeof hook === 'function')) {
      fail(`${option} must be a function ({ transaction, task, cacheKey, value }) => void, or an array of them`);
    }
  }
  if (persistResult === false && (resultStorage !== undefined || persistMode !== undefined)) {
    fail('persistResult: false contradicts resultStorage and persistMode; remove one of them');
  }
}

function isStorage(value: unknown): boolean {
  const storage = value as Record<string, unknown> | null;
  return (
    typeof storage === 'object' &&
    storage !== null &&
    ['get', 'put', 'putIfAbsent', 'list'].every((m) => typeof storage[m] === 'function')
  );
}

function isSerializer(value: unknown): boolean {
  const serializer = value as Record<string, unknown> | null;
  return (
    typeof serializer === 'object' &&
    serializer !== null &&
    typeof serializer.id === 'string' &&
    typeof serializer.serialize === 'function' &&
    typeof serializer.deserialize === 'function'
  );
}
