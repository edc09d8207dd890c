import type { ResultStorage, StoredObject } from '../storage/ResultStorage';
import { flowRunMatcher, keyVerdict, type FlowRunFilter } from './FlowRunFilter';
import { flowRunIdOfKey, RUN_HISTORY_PREFIX, startTimeOfKey, type FlowRunSummary } from './RunHistory';

/**
 * The most run-history documents one `flowRuns` call reads (or its `limit`, when larger): a filter that matches few
 * runs returns a short page and a cursor after this many, instead of reading the whole history for one page.
 */
export const MAX_FLOW_RUN_READS_PER_PAGE = 200;
/**
 * The most bytes of run-history documents one `flowRuns` call reads (64 MiB), as the storage lists their sizes: a
 * page holds the runs it returns in memory at once, and real documents stay near a megabyte, so only planted ones
 * (each up to `MAX_RUN_HISTORY_BYTES`) reach it. The page then ends early, with a cursor. A page always reads its
 * first document, whatever its size.
 */
export const MAX_FLOW_RUN_BYTES_PER_PAGE = 64 * 1024 * 1024;
// Listings of one call, whatever they hold: a storage that answers empty pages with a cursor cannot keep it going.
const MAX_LISTINGS_PER_PAGE = 50;
// While runs newer than `until` are skipped by their keys alone, keys are listed this many at a time.
const SKIPPING_LISTING = 1000;
// Run-history documents are read and parsed whole (up to MAX_RUN_HISTORY_BYTES each): two at a time keeps a page
// of planted ones bounded, while reads from S3 still overlap.
export const CONCURRENT_HISTORY_READS = 2;
// An object under the prefix whose key holds no start time and id: `flowRun` cannot open it and `stats` does not
// count it, so it is reported, unread, rather than listed as a run.
const NOT_A_RUN_KEY = 'its key is not a run-history key (<start time>-<flow run id>.json)';

/** A run-history document read: the run, why it cannot be read, or `undefined` when it was deleted meanwhile. */
export type FlowRunRead = { run: FlowRunSummary } | { problem: string } | undefined;

/** One page of `CacheInspector.flowRuns`. */
export interface FlowRunsPage {
  readonly flowRuns: FlowRunSummary[];
  /** Pass back to go on; `undefined` when no older run can match. */
  readonly cursor: string | undefined;
  readonly unreadable: { key: string; problem: string }[];
}

/**
 * Up to `limit` flow runs matching the filter, newest first, from `cursor` on. Keys hold the start time, so the
 * period is applied to keys first: a run older than `since` ends the walk, runs newer than `until` are not read.
 * Listings never hold more documents to read than the page still may read, and documents are read in key order
 * until the page is full; the cursor returned is always one the storage gave, right after the last document used
 * (when the page fills mid-listing, the same stretch is listed again, ending there).
 */
export async function flowRunsPage(
  storage: ResultStorage,
  read: (key: string) => Promise<FlowRunRead>,
  { limit, cursor, filter }: { limit: number; cursor: string | undefined; filter: FlowRunFilter },
): Promise<FlowRunsPage> {
  if (!Number.isSafeInteger(limit) || limit < 1)
    throw new RangeError(`flowRuns: \`limit\` must be a whole number of at least 1, got ${String(limit)}`);
  const matches = flowRunMatcher(filter);
  const budget = Math.max(limit, MAX_FLOW_RUN_READS_PER_PAGE);
  const flowRuns: FlowRunSummary[] = [];
  const unreadable: { key: string; problem: string }[] = [];
  let reads = 0;
  let bytes = 0;
  let skipping = filter.until !== undefined;
  const listFrom = (from: string | undefined, count: number) =>
    storage.list(RUN_HISTORY_PREFIX, { cursor: from, limit: count });
  for (
    let listings = 0;
    listings < MAX_LISTINGS_PER_PAGE && reads < budget && bytes < MAX_FLOW_RUN_BYTES_PER_PAGE;
    listings++
  ) {
    const room = { reads: budget - reads, bytes: MAX_FLOW_RUN_BYTES_PER_PAGE - bytes, readAny: reads === 0 };
    // The first listing holds a page of runs (all of them match when nothing filters); later ones, as many as
    // the page may still read.
    let page = await listFrom(
      cursor,
      skipping ? SKIPPING_LISTING : reads === 0 ? Math.min(limit, room.reads) : room.reads,
    );
    let plan = planReads(page.objects, filter, room);
    // Its first document to read is larger than the bytes left: the page ends before it.
    if (plan.cutAt === 0) return { flowRuns, cursor, unreadable };
    if (plan.cutAt !== undefined) {
      // More to read than room for: list the same stretch again, ending before the first document left over. (Runs
      // written in between may shift it; the page then reads at most the keys listed, still a bounded number.)
      page = await listFrom(cursor, plan.cutAt);
      plan = planReads(page.objects, filter, { reads: Infinity, bytes: Infinity, readAny: true });
    }
    const { toRead } = plan;
    let full: number | undefined; // the index in `toRead` of the document that filled the page
    for (let start = 0; start < toRead.length && full === undefined; start += CONCURRENT_HISTORY_READS) {
      const chunk = toRead.slice(start, start + CONCURRENT_HISTORY_READS);
      const documents = await Promise.all(
        chunk.map((object): Promise<FlowRunRead> | FlowRunRead =>
          flowRunIdOfKey(object.key) === undefined ? { problem: NOT_A_RUN_KEY } : read(object.key),
        ),
      );
      reads += chunk.length;
      bytes += chunk.reduce((sum, object) => sum + listedSize(object), 0);
      for (const [offset, document] of documents.entries()) {
        if (document !== undefined && 'problem' in document)
          unreadable.push({ key: chunk[offset].key, problem: document.problem });
        else if (document !== undefined && matches(document.run)) flowRuns.push(document.run);
        if (flowRuns.length === limit) {
          full = start + offset;
          break;
        }
      }
    }
    if (full !== undefined) {
      const last = page.objects.indexOf(toRead[full]);
      if (full === toRead.length - 1 && (plan.older || page.cursor === undefined))
        return { flowRuns, cursor: undefined, unreadable };
      if (last === page.objects.length - 1) return { flowRuns, cursor: page.cursor, unreadable };
      return { flowRuns, cursor: (await listFrom(cursor, last + 1)).cursor, unreadable };
    }
    if (plan.older || page.cursor === undefined) return { flowRuns, cursor: undefined, unreadable };
    cursor = page.cursor;
    skipping = skipping && toRead.length === 0;
  }
  return { flowRuns, cursor, unreadable };
}

/**
 * Which listed objects to read: those the keys do not rule out, up to the first run older than `since` (`older`).
 * `cutAt`: how many objects to list instead, when more than `room` allows would be read (documents, or bytes as
 * listed; with `readAny`, the first document to read fits whatever its size).
 */
function planReads(
  objects: readonly StoredObject[],
  filter: FlowRunFilter,
  room: { reads: number; bytes: number; readAny: boolean },
): { toRead: StoredObject[]; older: boolean; cutAt?: number } {
  const toRead: StoredObject[] = [];
  let bytes = 0;
  for (const [index, object] of objects.entries()) {
    const verdict = keyVerdict(filter, startTimeOfKey(object.key));
    if (verdict === 'older') return { toRead, older: true };
    if (verdict === 'newer') continue;
    bytes += listedSize(object);
    const fits = bytes <= room.bytes || (toRead.length === 0 && room.readAny);
    if (toRead.length === room.reads || !fits) return { toRead, older: false, cutAt: index };
    toRead.push(object);
  }
  return { toRead, older: false };
}

// The size a listing gave; an adapter that gives none (or not a number) leaves the byte budget to the read bound.
function listedSize(object: StoredObject): number {
  return Number.isFinite(object.size) && object.size > 0 ? object.size : 0;
}
