import type { CacheKeyFn } from '../decorators/options';
import { stableHash } from './stableHash';

/** What a `resultStorageKey` template can refer to. */
const PLACEHOLDER = /\{([^{}]+)\}/g;
const FIXED_NAMES = ['taskName', 'taskRun.id', 'flowRun.id', 'flowRun.name', 'date'] as const;

/**
 * Turns a `resultStorageKey` template (`'reports/{parameters.day}/{taskName}'`) into a key function: the
 * formatted key is both the cache key and the record's storage key, as in Prefect. Placeholders: `taskName`,
 * `taskRun.id`, `flowRun.id`, `flowRun.name`, `date` (the UTC date of the call), `parameters.<name>` (the task's
 * arguments) and `flowRun.parameters.<name>`. A substituted value can never add a path segment or escape the
 * store: `/`, `%`, `\` and control characters are percent-encoded, and `.`/`..` become `%2E`/`%2E%2E`. Strings,
 * numbers, booleans and bigints appear as text, Dates as ISO-8601, anything else as its `stableHash`.
 * Returns a problem description instead when the template names something that does not exist.
 */
export function compileStorageKeyTemplate(template: string, parameterNames: readonly string[]): CacheKeyFn | string {
  const names = [...template.matchAll(PLACEHOLDER)].map((match) => match[1].trim());
  if (names.length === 0) return `"${template}" has no {placeholder}, so every call would share one result`;
  for (const name of names) {
    const parameter = /^parameters\.(.+)$/.exec(name)?.[1];
    if (parameter !== undefined && !parameterNames.includes(parameter)) {
      return `{${name}}: the method has no parameter "${parameter}" (it has ${parameterNames.join(', ') || 'none'})`;
    }
    if (parameter === undefined && !/^flowRun\.parameters\..+$/.test(name) && !(FIXED_NAMES as readonly string[]).includes(name)) {
      return `{${name}} is not a placeholder; use ${FIXED_NAMES.join(', ')}, parameters.<name> or flowRun.parameters.<name>`;
    }
  }
  return (context, args) =>
    template.replace(PLACEHOLDER, (_whole, raw: string) => {
      const name = raw.trim();
      const parameter = /^parameters\.(.+)$/.exec(name)?.[1];
      if (parameter !== undefined) return render(args[parameterNames.indexOf(parameter)]);
      const flowParameter = /^flowRun\.parameters\.(.+)$/.exec(name)?.[1];
      if (name === 'taskName') return render(context.task.name);
      if (name === 'taskRun.id') return render(context.taskRun.id);
      if (name === 'date') return context.now.toISOString().slice(0, 10);
      if (context.flowRun === undefined) throw new Error(`{${name}} has no value outside a flow`);
      if (name === 'flowRun.id') return render(context.flowRun.id);
      if (name === 'flowRun.name') return render(context.flowRun.name);
      return render(context.flowRun.parameters[flowParameter as string]);
    });
}

function render(value: unknown): string {
  let text: string;
  if (typeof value === 'string') text = value;
  else if (['number', 'boolean', 'bigint'].includes(typeof value)) text = String(value);
  else if (value instanceof Date) text = value.toISOString();
  else text = stableHash(value);
  if (text === '') return '%'; // a lone % cannot come from any value, all of whose % are escaped
  if (text === '.' || text === '..') return text.replace(/\./g, '%2E');
  // eslint-disable-next-line no-control-regex
  return text.replace(/[%/\\\u0000-\u001f\u007f]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}
