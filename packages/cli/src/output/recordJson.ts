import type { CachedRecord } from '@flowcache/core/records';

/** A record as the JSON output shows it: flat, with `null` for what an unreadable record cannot tell. */
export function recordJson(record: CachedRecord) {
  const metadata = record.metadata;
  return {
    key: record.key,
    task: metadata?.taskName ?? null,
    cacheKey: metadata?.cacheKey ?? null,
    createdAt: metadata?.createdAt ?? null,
    expiresAt: metadata?.expiresAt ?? null,
    expired: record.expired,
    size: record.size,
    modifiedAt: record.modifiedAt.toISOString(),
    serializer: metadata?.serializer ?? null,
    flowRunId: metadata?.flowRunId ?? null,
    problem: record.problem ?? null,
  };
}
