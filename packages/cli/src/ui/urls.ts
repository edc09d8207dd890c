/** The addresses of the UI's pages, built and read in one place so that every key and id is encoded the same way. */

/**
 * The records list's filter, order and page, as the query string carries them: sizes (`1MB`, `512KiB`), ages
 * (`7d`, `24h`) and the expiry horizon stay the text typed, so the form shows them back; `readRecordCriteria`
 * checks and reads them. `cursor` pages the list in key order, `offset` a sorted one.
 */
export interface RecordsQuery {
  readonly task?: string;
  readonly prefix?: string;
  readonly status?: RecordStatusFilter;
  readonly minSize?: string;
  readonly maxSize?: string;
  readonly olderThan?: string;
  readonly newerThan?: string;
  readonly expiresWithin?: string;
  readonly sort?: string;
  /** `1`: the sort's other order. */
  readonly reverse?: string;
  readonly offset?: string;
  readonly cursor?: string;
}

/** Every field of `RecordsQuery`, in the order the records list's addresses write them. */
const RECORDS_QUERY_FIELDS = [
  'task',
  'prefix',
  'status',
  'minSize',
  'maxSize',
  'olderThan',
  'newerThan',
  'expiresWithin',
  'sort',
  'reverse',
  'offset',
  'cursor',
] as const satisfies readonly (keyof RecordsQuery)[];

export type RecordStatusFilter = 'live' | 'expired' | 'all';

/**
 * The filter and page of the flow runs list, as typed in its form: `since` and `until` stay text (`24h`,
 * `2026-12-01`), read by the page; `param` is one `name=value`.
 */
export interface FlowRunsQuery {
  readonly flow?: string;
  readonly state?: string;
  readonly since?: string;
  readonly until?: string;
  readonly param?: string;
  readonly cursor?: string;
}

const FLOW_RUNS_QUERY_FIELDS = ['flow', 'state', 'since', 'until', 'param', 'cursor'] as const;

/** The flow runs list with a filter and page; empty fields are left out. */
export function flowRunsUrl(query: FlowRunsQuery = {}): string {
  const parameters = new URLSearchParams();
  for (const name of FLOW_RUNS_QUERY_FIELDS) {
    const value = query[name];
    if (value !== undefined && value !== '') parameters.set(name, value);
  }
  const search = parameters.toString();
  return search === '' ? '/' : `/?${search}`;
}

/** The filter and page of the flow runs list, from its query string (trimmed; empty is unset); the rest is ignored. */
export function readFlowRunsQuery(parameters: URLSearchParams): FlowRunsQuery {
  const query: Record<string, string> = {};
  for (const name of FLOW_RUNS_QUERY_FIELDS) {
    const value = name === 'cursor' ? parameters.get(name) : parameters.get(name)?.trim();
    if (value) query[name] = value;
  }
  return query;
}

/**
 * A flow run's page. For a subflow, `topLevel` is the id of the top-level run that holds it in the run history: the
 * page then reads that run's history alone instead of looking through the newest runs for it.
 */
export function flowRunUrl(flowRunId: string, topLevel?: string): string {
  const page = `/runs/${encodeURIComponent(flowRunId)}`;
  return topLevel === undefined || topLevel === flowRunId ? page : `${page}?${new URLSearchParams({ in: topLevel })}`;
}

/** A record's page: the whole key is one encoded path segment (`/` becomes `%2F`). */
export function recordUrl(key: string): string {
  return `/records/${encodeURIComponent(key)}`;
}

/** The records list with a filter and page; `status=all`, the default, is left out. */
export function recordsUrl(query: RecordsQuery = {}): string {
  const parameters = new URLSearchParams();
  for (const name of RECORDS_QUERY_FIELDS) {
    const value = query[name];
    if (typeof value === 'string' && value !== '' && !(name === 'status' && value === 'all'))
      parameters.set(name, value);
  }
  const search = parameters.toString();
  return search === '' ? '/records' : `/records?${search}`;
}

/** The filter and page of the records list, from its query string; anything else in it is ignored. */
export function readRecordsQuery(parameters: URLSearchParams): RecordsQuery & { status: RecordStatusFilter } {
  const query: { -readonly [name in keyof RecordsQuery]: string } = {};
  for (const name of RECORDS_QUERY_FIELDS) query[name] = parameters.get(name) || undefined;
  const status = parameters.get('status');
  return { ...query, status: status === 'live' || status === 'expired' ? status : 'all' };
}

/**
 * The filter and page named by a path of the records list (`/records?task=…`), or `undefined` for any other
 * text. Only the query's known fields are kept and the path is rebuilt from them, so a form field holding a path
 * can never send the browser elsewhere (`//attacker.example/`, `https://…`, `/records/../x`).
 */
export function recordsQueryOfPath(path: string): RecordsQuery | undefined {
  const match = /^\/records(?:\?([^#]*))?$/.exec(path);
  return match === null ? undefined : readRecordsQuery(new URLSearchParams(match[1] ?? ''));
}

/** The periods the stats page counts over: flow runs started in the last 24 hours, 7 or 30 days, or all kept. */
export const STATS_PERIODS = ['all', '24h', '7d', '30d'] as const;
export type StatsPeriod = (typeof STATS_PERIODS)[number];

/** The stats page over a period; `all`, the default, is left out. */
export function statsUrl(period: StatsPeriod = 'all'): string {
  return period === 'all' ? '/stats' : `/stats?${new URLSearchParams({ period })}`;
}

/** The periods the trends page charts: flow runs started in the last 24 hours, 7 or 30 days. */
export const TREND_PERIODS = ['24h', '7d', '30d'] as const;
export type TrendPeriodName = (typeof TREND_PERIODS)[number];
/** How long each bar of the trends page lasts: a UTC hour or day. */
export const TREND_BUCKETS = ['hour', 'day'] as const;

/** What the trends page shows: a period, its buckets, and one task or (without `task`) all. */
export interface TrendsQuery {
  readonly period?: TrendPeriodName;
  readonly bucket?: (typeof TREND_BUCKETS)[number];
  readonly task?: string;
}

/** The trends page; values left out take the page's defaults (7 days by day, 24 hours by hour, all tasks). */
export function trendsUrl(query: TrendsQuery = {}): string {
  const parameters = new URLSearchParams();
  for (const name of ['period', 'bucket', 'task'] as const) {
    const value = query[name];
    if (value !== undefined && value !== '') parameters.set(name, value);
  }
  const search = parameters.toString();
  return search === '' ? '/trends' : `/trends?${search}`;
}

export const INVALIDATE_URL = '/invalidate';

/** The `id` of a task run's row in its flow run's page: what a timeline bar links to. */
export function taskRunRowId(taskRunId: string): string {
  return `task-run-${taskRunId}`;
}

/** A task run's row: on its flow run's page, or on this page (`flowRunId` undefined); the id is encoded. */
export function taskRunUrl(taskRunId: string, flowRunId?: string, topLevel?: string): string {
  const page = flowRunId === undefined ? '' : flowRunUrl(flowRunId, topLevel);
  return `${page}#${encodeURIComponent(taskRunRowId(taskRunId))}`;
}
