import { types } from 'node:util';
import type { CacheKeyFn } from '../decorators/options';
import { StorageKeyError } from '../errors/StorageKeyError';
import { checkStorageKey } from '../storage/checkStorageKey';
import { stableHash } from './stableHash';

/** What a `resultStorageKey` template can refer to. */
const PLACEHOLDER = /\{([^{}]+)\}/g;
const FIXED_NAMES = ['taskName', 'taskRun.id', 'flowRun.id', 'flowRun.name', 'date'] as const;

/**
 * Turns a `resultStorageKey` template (`'reports/{parameters.day}/{taskName}'`) into a key function: the
 * formatted key is both the cache key and the record's storage key, as in Prefect. Placeholders: `taskName`,
 * `taskRun.id`, `flowRun.id`, `flowRun.name`, `date` (the UTC date of the call), `parameters.<name>` (the task's
 * arguments) and `flowRun.parameters.<name>`. A substituted value can never add a path segment or escape the
 * store: `/`, `%`, `\` and control characters are percent-encoded (lone surrogates become `%uD800`), and
 * `.`/`..` become `%2E`/`%2E%2E`. Strings, numbers, booleans and bigints appear as text, Dates as ISO-8601,
 * anything else as its `stableHash`. A formatted key that is still not a valid storage key (too long) throws
 * `StorageKeyError`, so the call runs uncached with a warning (or fails, with `strictKeys`). A template without
 * placeholders (`'daily-report'`) is the key of every call: as in Prefect, a record there is a hit whatever the
 * arguments (`sharedStorageKey` tells the engine, which warns once). Returns a problem description instead when
 * the template names something that does not exist or cannot form a valid key.
 */
export function compileStorageKeyTemplate(template: string, parameterNames: readonly string[]): CacheKeyFn | string {
  const names = [...template.matchAll(PLACEHOLDER)].map((match) => match[1].trim());
  if (names.length === 0) return compileSharedKey(template);
  for (const name of names) {
    const parameter = /^parameters\.(.+)$/.exec(name)?.[1];
    if (parameter !== undefined && !parameterNames.includes(parameter)) {
      return `{${name}}: the method has no parameter "${parameter}" (it has ${parameterNames.join(', ') || 'none'})`;
    }
    if (
      parameter === undefined &&
      !/^flowRun\.parameters\..+$/.test(name) &&
      !(FIXED_NAMES as readonly string[]).includes(name)
    ) {
      return (
        `{${name}} is not a placeholder; use ${FIXED_NAMES.join(', ')}, ` +
        `parameters.<name> or flowRun.parameters.<name>`
      );
    }
  }
  // Every value renders as at least one safe character, so the template's own text decides the key's shape.
  const shapeProblem = keyProblem(template.replace(PLACEHOLDER, 'x'));
  if (shapeProblem !== undefined) return `"${template}" cannot make a storage key: ${shapeProblem}`;
  return (context, args) => {
    const key = template.replace(PLACEHOLDER, (_whole, raw: string) => {
      const name = raw.trim();
      const parameter = /^parameters\.(.+)$/.exec(name)?.[1];
      if (parameter !== undefined) return render(args[parameterNames.indexOf(parameter)], name);
      const flowParameter = /^flowRun\.parameters\.(.+)$/.exec(name)?.[1];
      if (name === 'taskName') return render(context.task.name, name);
      if (name === 'taskRun.id') return render(context.taskRun.id, name);
      if (name === 'date') return context.now.toISOString().slice(0, 10);
      if (context.flowRun === undefined) throw new Error(`{${name}} has no value outside a flow`);
      if (name === 'flowRun.id') return render(context.flowRun.id, name);
      if (name === 'flowRun.name') return render(context.flowRun.name, name);
      return render(context.flowRun.parameters[flowParameter as string], name);
    });
    // Values can still make the key too long: refuse it here, as a key failure naming the template, rather than
    // have every storage operation refuse it.
    const problem = keyProblem(key);
    if (problem !== undefined) throw new StorageKeyError(key, `${problem} (from resultStorageKey "${template}")`);
    return key;
  };
}

// Tasks whose every call has one key, by their key function: the engine says once that they share one result.
const sharedKeys = new WeakMap<CacheKeyFn, string>();

/** The one key of every call, when the key function was compiled from a `resultStorageKey` without placeholders. */
export function sharedStorageKey(keyFn: CacheKeyFn): string | undefined {
  return sharedKeys.get(keyFn);
}

function compileSharedKey(key: string): CacheKeyFn | string {
  const problem = keyProblem(key);
  if (problem !== undefined) return `"${key}" cannot make a storage key: ${problem}`;
  const keyFn: CacheKeyFn = () => key;
  sharedKeys.set(keyFn, key);
  return keyFn;
}

function keyProblem(key: string): string | undefined {
  try {
    checkStorageKey(key);
    return undefined;
  } catch (error) {
    if (error instanceof StorageKeyError) return error.rule;
    throw error;
  }
}

// A lone surrogate has no UTF-8 form (a store would write U+FFFD): it becomes %uD800, which no value can give.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function render(value: unknown, name: string): string {
  let text: string;
  if (typeof value === 'string') text = value;
  else if (['number', 'boolean', 'bigint'].includes(typeof value)) text = String(value);
  // By brand, not instanceof: a Date made in another realm (a vm context, as under jest) is a Date too.
  else if (types.isDate(value)) text = Date.prototype.toISOString.call(value);
  else text = stableHash(value, name);
  if (text === '') return '%'; // a lone % cannot come from any value, all of whose % are escaped
  if (text === '.' || text === '..') return text.replace(/\./g, '%2E');
  return text
    .replace(
      /[%/\\\u0000-\u001f\u007f-\u009f]/g,
      (char) => `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .replace(LONE_SURROGATE, (unit) => `%u${unit.charCodeAt(0).toString(16).toUpperCase()}`);
}
