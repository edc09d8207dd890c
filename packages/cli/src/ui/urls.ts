/** The addresses of the UI's pages, built in one place so that every key and id is encoded the same way. */

export interface RecordsQuery {
  readonly task?: string;
  readonly prefix?: string;
  readonly status?: RecordStatusFilter;
  readonly cursor?: string;
}

export type RecordStatusFilter = 'live' | 'expired' | 'all';

export function flowRunsUrl(cursor?: string): string {
  return cursor === undefined ? '/' : `/?${new URLSearchParams({ cursor })}`;
}

export function flowRunUrl(flowRunId: string): string {
  return `/runs/${encodeURIComponent(flowRunId)}`;
}

/** A record's page: the whole key is one encoded path segment (`/` becomes `%2F`). */
export function recordUrl(key: string): string {
  return `/records/${encodeURIComponent(key)}`;
}

export function recordsUrl(query: RecordsQuery = {}): string {
  const parameters = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (typeof value === 'string' && value !== '') parameters.set(name, value);
  }
  const search = parameters.toString();
  return search === '' ? '/records' : `/records?${search}`;
}

export const INVALIDATE_URL = '/invalidate';
