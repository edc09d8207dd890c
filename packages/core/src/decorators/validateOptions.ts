import { TaskDefinitionError } from '../errors/TaskDefinitionError';

/**
 * Checks decorator options when the class is defined, so a typo or a bad value fails at startup with a message
 * naming the method and the option, instead of being ignored at run time.
 */
export function validateOptions(
  decorator: string,
  methodLabel: string,
  options: object,
  allowed: readonly string[],
): void {
  const fail = (problem: string): never => {
    throw new TaskDefinitionError(`${decorator} on ${methodLabel}: ${problem}`);
  };
  if (typeof options !== 'object' || options === null) fail('options must be an object');
  for (const name of Object.keys(options)) {
    if (!allowed.includes(name)) fail(`unknown option "${name}"; the options are ${allowed.join(', ')}`);
  }
  const { name, retries, retryDelayMs, cacheKeyFn } = options as Record<string, unknown>;
  if (name !== undefined && (typeof name !== 'string' || name.trim() === '')) {
    fail('name must be a non-empty string');
  }
  if (retries !== undefined && !(Number.isInteger(retries) && (retries as number) >= 0)) {
    fail(`retries must be a whole number of 0 or more, got ${String(retries)}`);
  }
  if (
    retryDelayMs !== undefined &&
    !(typeof retryDelayMs === 'number' && Number.isFinite(retryDelayMs) && retryDelayMs >= 0)
  ) {
    fail(`retryDelayMs must be a number of milliseconds, 0 or more, got ${String(retryDelayMs)}`);
  }
  if (cacheKeyFn !== undefined && typeof cacheKeyFn !== 'function') {
    fail('cacheKeyFn must be a function (context, args) => string | null | undefined');
  }
}
