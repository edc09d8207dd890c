import { TaskDefinitionError } from '../errors/TaskDefinitionError';
import { CachePolicy } from '../policies/CachePolicy';
import { parseExpiration } from './parseExpiration';

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
  const { name, retries, retryDelayMs, cacheKeyFn, cachePolicy, cacheExpiration, refreshCache, strictKeys, version } =
    options as Record<string, unknown>;
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
  if (cachePolicy !== undefined && !(cachePolicy instanceof CachePolicy)) {
    fail('cachePolicy must be a policy such as DEFAULT, INPUTS.add(TASK_SOURCE) or NONE');
  }
  if (cacheExpiration !== undefined) {
    const parsed = parseExpiration(cacheExpiration);
    if (typeof parsed === 'string') {
      fail(
        "cacheExpiration must be a luxon Duration, a duration object like { hours: 24 }, an ISO-8601 duration like 'PT24H' " +
          `or milliseconds; ${parsed}`,
      );
    }
  }
  for (const [option, value] of [['refreshCache', refreshCache], ['strictKeys', strictKeys]] as const) {
    if (value !== undefined && typeof value !== 'boolean') fail(`${option} must be true or false`);
  }
  if (version !== undefined && (typeof version !== 'string' || version.trim() === '')) {
    fail('version must be a non-empty string');
  }
}
