import type { CacheStats, RunStats, TaskStats } from '@flowcache/core/records';

/** One task's row of `flowcache stats` and of the UI's stats page. */
export interface TaskStatsRow {
  readonly task: string;
  /** What its task runs did in the period; `undefined` when it had none. */
  readonly runs: RunStats | undefined;
  /** Its records stored now; `undefined` when it has none. */
  readonly records: TaskStats | undefined;
}

/** Every task that ran in the period or has records, by name, with both counts: the CLI and the UI show the same. */
export function statsByTask(stats: CacheStats): TaskStatsRow[] {
  const tasks = new Set([...Object.keys(stats.runs.tasks), ...Object.keys(stats.tasks)]);
  return [...tasks]
    .sort((a, b) => a.localeCompare(b))
    .map((task) => ({ task, runs: ownEntry(stats.runs.tasks, task), records: ownEntry(stats.tasks, task) }));
}

// The maps are keyed by task names read from the store: only their own entries count.
function ownEntry<T>(entries: Readonly<Record<string, T>>, name: string): T | undefined {
  return Object.hasOwn(entries, name) ? entries[name] : undefined;
}
