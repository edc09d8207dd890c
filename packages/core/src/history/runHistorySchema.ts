/**
 * The shape of one flow run in a run-history document, checked before anything formats it: the history is
 * stored text, and a planted `"parameters": null` or `"flowName": 5` must make that document unreadable (skipped,
 * with a note), never fail `flowcache run` or a page of the UI. Subflows are checked one by one by the caller,
 * which bounds their depth.
 */

type Check = (value: unknown) => boolean;

const isString: Check = (value) => typeof value === 'string';
const isStringOrNull: Check = (value) => value === null || typeof value === 'string';
const isNumber: Check = (value) => typeof value === 'number' && Number.isFinite(value);
const isOptionalCount: Check = (value) =>
  value === undefined || (typeof value === 'number' && Number.isFinite(value) && value >= 0);
const isTextRecord: Check = (value) =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every(isString);

const FLOW_RUN: Readonly<Record<string, Check>> = {
  flowRunId: isString,
  flowName: isString,
  state: isString,
  parameters: isTextRecord,
  startedAt: isString,
  endedAt: isString,
  durationMs: isNumber,
  attempts: isNumber,
  error: isStringOrNull,
};

const TASK_RUN: Readonly<Record<string, Check>> = {
  taskRunId: isString,
  taskName: isString,
  state: isString,
  cacheKey: isStringOrNull,
  startedAt: isString,
  endedAt: isString,
  durationMs: isNumber,
  attempts: isNumber,
  cacheMiss: isStringOrNull,
  error: isStringOrNull,
  savedMs: isOptionalCount,
};

/**
 * Why `run` (one flow run, its subflows left to the caller) is not one a reader can show, naming the field, or
 * `undefined` when it is.
 */
export function flowRunFault(run: object): string | undefined {
  const fault = fieldFault(run, FLOW_RUN, 'flow run');
  if (fault !== undefined) return fault;
  const taskRuns = (run as { taskRuns?: unknown }).taskRuns;
  if (taskRuns !== undefined && !Array.isArray(taskRuns)) return 'the task runs of a flow run are not a list';
  for (const taskRun of (taskRuns ?? []) as unknown[]) {
    if (typeof taskRun !== 'object' || taskRun === null) return 'a task run is not an object';
    const taskFault = fieldFault(taskRun, TASK_RUN, 'task run');
    if (taskFault !== undefined) return taskFault;
  }
  return undefined;
}

function fieldFault(value: object, checks: Readonly<Record<string, Check>>, what: string): string | undefined {
  const fields = value as Record<string, unknown>;
  for (const [name, check] of Object.entries(checks)) {
    if (!check(fields[name])) return `the field "${name}" of a ${what} is missing or of the wrong type`;
  }
  return undefined;
}
