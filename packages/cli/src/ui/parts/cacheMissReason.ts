// Why a task run with a cache key ran its body (`TaskRunSummary.cacheMiss`), in words.
const CACHE_MISS_REASONS: Readonly<Record<string, string>> = {
  absent: 'nothing cached',
  expired: 'cached result expired',
  refresh: 'refresh asked for',
  unreadable: 'cached result unreadable',
  uncommitted: 'cached result not committed',
};

/** A cache-miss reason in words; a reason this version does not know, as stored. */
export function cacheMissReason(reason: string): string {
  return Object.hasOwn(CACHE_MISS_REASONS, reason) ? CACHE_MISS_REASONS[reason] : reason;
}
