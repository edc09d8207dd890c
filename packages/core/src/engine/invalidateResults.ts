import type { MemoryTier } from '../cache/MemoryTier';
import { definitionOfMethod } from '../definitions/definitionRegistry';
import { TaskDefinitionError } from '../errors/TaskDefinitionError';
import { CacheInspector } from '../history/CacheInspector';
import { isStorageKey } from '../storage/checkStorageKey';
import type { ResultStorage } from '../storage/ResultStorage';

/**
 * What `engine.invalidate` removes: the result of one cache key, every result of one task (given by method
 * reference, `Reports.prototype.loadSales` or `reports.loadSales`, or by task name, `'Reports.loadSales'` or the
 * task's `name` option), or every result.
 */
// biome-ignore lint/complexity/noBannedTypes: a method reference of any signature
export type InvalidationTarget = { readonly key: string } | { readonly task: Function | string } | 'all';

/** Options of `engine.invalidate`. */
export interface InvalidateOptions {
  /** Drop this engine's memory copies only, and leave the stored records alone. Default `false`. */
  readonly memoryOnly?: boolean;
}

/** What `engine.invalidate` removed. */
export interface Invalidation {
  /** The cache keys whose result was dropped from this engine's memory tier. */
  readonly memory: string[];
  /** The records deleted, per storage (`location`); empty with `memoryOnly`. */
  readonly stored: { readonly location: string; readonly keys: string[] }[];
}

/** @internal What an engine lends `invalidateResults`. */
export interface InvalidationScope {
  readonly results: MemoryTier;
  /** The storages whose records the engine reads: those it used so far, and its configured default one. */
  readonly storages: readonly ResultStorage[];
  readonly clock: () => number;
  readonly maxRecordBytes: number;
}

/** @internal The work of `engine.invalidate` (see there), once the engine's background writes are over. */
export async function invalidateResults(
  scope: InvalidationScope,
  target: InvalidationTarget,
  { memoryOnly = false }: InvalidateOptions = {},
): Promise<Invalidation> {
  const chosen = choose(target);
  const memory = dropFromMemory(scope.results, chosen);
  if (memoryOnly) return { memory, stored: [] };
  const storages = new Set(scope.storages);
  if (chosen.kind === 'task' && chosen.storage !== undefined) storages.add(chosen.storage);
  const stored: Invalidation['stored'] = [];
  for (const storage of storages) {
    const inspector = new CacheInspector(storage, scope.clock, { maxRecordBytes: scope.maxRecordBytes });
    const keys =
      chosen.kind === 'key'
        ? chosen.storable
          ? await inspector.invalidate({ key: chosen.key })
          : []
        : await inspector.invalidate(chosen.kind === 'task' ? { task: chosen.name } : { prefix: '' });
    stored.push({ location: storage.location, keys });
  }
  return { memory, stored };
}

type Chosen =
  | { kind: 'key'; key: string; storable: boolean }
  | { kind: 'task'; name: string; storage: ResultStorage | undefined }
  | { kind: 'all' };

function choose(target: InvalidationTarget): Chosen {
  if (target === 'all') return { kind: 'all' };
  if (typeof target === 'object' && target !== null && 'key' in target && typeof target.key === 'string') {
    return { kind: 'key', key: target.key, storable: isStorageKey(target.key) };
  }
  if (typeof target === 'object' && target !== null && 'task' in target) {
    const { task } = target;
    if (typeof task === 'string' && task !== '') return { kind: 'task', name: task, storage: undefined };
    const definition = typeof task === 'function' ? definitionOfMethod(task) : undefined;
    if (definition?.kind === 'task') return { kind: 'task', name: definition.name, storage: definition.resultStorage };
    throw new TaskDefinitionError(
      `invalidate({ task }) needs a @Task method (Reports.prototype.loadSales, or reports.loadSales) or a task name ` +
        `('Reports.loadSales', or the task's name option), got ${describe(task)}`,
    );
  }
  throw new TaskDefinitionError(`invalidate needs { key }, { task } or 'all', got ${describe(target)}`);
}

function dropFromMemory(results: MemoryTier, chosen: Chosen): string[] {
  if (chosen.kind === 'key') return results.delete(chosen.key) ? [chosen.key] : [];
  const keys = [...results.keys()].filter((key) => chosen.kind === 'all' || results.get(key)?.taskName === chosen.name);
  for (const key of keys) results.delete(key);
  return keys;
}

function describe(value: unknown): string {
  if (typeof value === 'function') return `the function ${value.name || '(anonymous)'}, which is not a @Task method`;
  return typeof value === 'string' ? JSON.stringify(value) : String(value === null ? null : typeof value);
}
