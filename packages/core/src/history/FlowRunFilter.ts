import type { FlowRunState } from '../events/runEvents';
import { previewValue } from './previewValue';
import type { FlowRunSummary } from './RunHistory';

/**
 * Which top-level flow runs `CacheInspector.flowRuns` lists. Every criterion given must hold; an empty filter
 * lists them all.
 */
export interface FlowRunFilter {
  /** Runs of the flow of exactly this name (`Class.method` or the flow's `name`). */
  readonly flow?: string;
  /** Runs that ended in this state. */
  readonly state?: FlowRunState;
  /** Runs that started at or after this time. */
  readonly since?: Date;
  /** Runs that started before this time. */
  readonly until?: Date;
  /**
   * Runs whose parameters have these values, by parameter name. A value matches when it is exactly the preview the
   * history keeps of the parameter (`"[ 'north', 'south' ]"`, `'3'`), or when the parameter is the string given:
   * `{ region: 'north' }` matches a run of `region = 'north'` (kept as `"'north'"`). Exact, never "contains".
   */
  readonly parameters?: Readonly<Record<string, string>>;
}

const FLOW_RUN_STATES: readonly FlowRunState[] = ['Completed', 'Failed'];

/**
 * Checks a filter and returns the test a flow run's document must pass. Throws `RangeError` naming the criterion
 * for a value of the wrong kind. A document whose start is not a time matches no period.
 */
export function flowRunMatcher(filter: FlowRunFilter): (run: FlowRunSummary) => boolean {
  const { flow, state, since, until, parameters } = filter;
  if (flow !== undefined && typeof flow !== 'string') fail('flow', 'a flow name (a string)', flow);
  if (state !== undefined && !FLOW_RUN_STATES.includes(state)) fail('state', "'Completed' or 'Failed'", state);
  for (const [name, date] of [
    ['since', since],
    ['until', until],
  ] as const) {
    if (date !== undefined && !(date instanceof Date && Number.isFinite(date.getTime())))
      fail(name, 'a valid Date', date);
  }
  const wanted = parameterTests(parameters);
  const from = since?.getTime() ?? -Infinity;
  const to = until?.getTime() ?? Infinity;
  const period = since !== undefined || until !== undefined;
  return (run) => {
    if (flow !== undefined && run.flowName !== flow) return false;
    if (state !== undefined && run.state !== state) return false;
    if (period) {
      const startedAt = Date.parse(run.startedAt);
      if (!(startedAt >= from && startedAt < to)) return false;
    }
    return wanted.every(([name, accepted]) => Object.hasOwn(run.parameters, name) && accepted(run.parameters[name]));
  };
}

/**
 * Where a run whose key says it started at `startedAt` stands against the filter's period, decided before its
 * document is read: `'older'` (before `since`: so is every run listed after it), `'newer'` (at or after `until`:
 * skipped), or `'read'`. A key that holds no time is read.
 */
export function keyVerdict(filter: FlowRunFilter, startedAt: number | undefined): 'older' | 'newer' | 'read' {
  if (startedAt === undefined) return 'read';
  if (filter.since !== undefined && startedAt < filter.since.getTime()) return 'older';
  if (filter.until !== undefined && startedAt >= filter.until.getTime()) return 'newer';
  return 'read';
}

function parameterTests(
  parameters: Readonly<Record<string, string>> | undefined,
): [string, (preview: string) => boolean][] {
  if (parameters === undefined) return [];
  if (typeof parameters !== 'object' || parameters === null || Array.isArray(parameters))
    fail('parameters', 'an object of parameter name → value text', parameters);
  return Object.entries(parameters).map(([name, value]) => {
    if (typeof value !== 'string') fail(`parameters.${name}`, 'a string', value);
    const asString = previewValue(value);
    return [name, (preview) => preview === value || preview === asString];
  });
}

function fail(name: string, expected: string, got: unknown): never {
  throw new RangeError(`flowRuns: \`${name}\` must be ${expected}, got ${previewValue(got)}`);
}
