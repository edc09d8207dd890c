import type { Logger } from '../settings/Logger';
import type { ResultStorage } from '../storage/ResultStorage';
import { describeFailure, retryTransient } from '../storage/retryTransient';
import { commitMarkerKey, encodeCommitMarker } from './commitMarker';
import type { RecordWrite } from './RecordWrite';

/**
 * Makes a commit of several records visible to other processes: once every one of its records is written, its
 * marker is written to each storage they went to (listing the keys written there, for `prune`). Until then, and
 * for ever if the process stops in between, readers treat the records as misses.
 *
 * A commit whose writes are all `sync` waits for the markers: one that cannot be written fails the commit when a
 * record of it is strict (the caller takes the records back), else it is reported and the records stay, unused,
 * until `prune` removes them. A commit with a background write does all of this in the background, tracked like
 * the writes; failures are reported. When a record could not be written (reported by its writer), no marker is
 * written: other processes use none of the commit's records, rather than some.
 */
export async function markCommit(commitId: string, writes: readonly RecordWrite[], logger: Logger): Promise<void> {
  if (writes.length === 0) return;
  const marking = writeMarkers(commitId, writes, logger);
  if (writes.some((write) => write.background)) {
    const tracked = marking.catch((error: unknown) => reportFailure(error, writes, logger));
    for (const write of writes) write.track(tracked);
    return;
  }
  try {
    await marking;
  } catch (error) {
    if (writes.some((write) => write.strict)) throw error;
    reportFailure(error, writes, logger);
  }
}

async function writeMarkers(commitId: string, writes: readonly RecordWrite[], logger: Logger): Promise<void> {
  const outcomes = await Promise.all(writes.map((write) => write.written));
  const unwritten = outcomes.filter((written) => !written).length;
  if (unwritten > 0) {
    logger.warn(
      `a transaction committed ${writes.length} results but ${unwritten} of their records could not be written ` +
        '(see the warning about it): other processes use none of its records, which `flowcache prune` removes; ' +
        'this process keeps the values in memory',
    );
    return;
  }
  const key = commitMarkerKey(commitId);
  const createdAt = new Date().toISOString();
  const marked = await Promise.allSettled(
    [...byStorage(writes)].map(async ([storage, written]) => {
      const marker = encodeCommitMarker(
        { commitId, createdAt, keys: written.map((write) => write.key) },
        written[0].signingKeys,
      );
      await retryTransient(() => storage.put(key, marker), written[0].retry);
      return storage;
    }),
  );
  const failure = marked.find((outcome) => outcome.status === 'rejected');
  if (failure === undefined) return;
  // Visible in one storage and not another would show part of the commit: take back the markers written.
  await Promise.all(
    marked.map((outcome) =>
      outcome.status === 'fulfilled' ? outcome.value.delete(key).catch(() => false) : undefined,
    ),
  );
  throw failure.reason;
}

function byStorage(writes: readonly RecordWrite[]): Map<ResultStorage, RecordWrite[]> {
  const grouped = new Map<ResultStorage, RecordWrite[]>();
  for (const write of writes) {
    const group = grouped.get(write.storage);
    if (group === undefined) grouped.set(write.storage, [write]);
    else group.push(write);
  }
  return grouped;
}

function reportFailure(error: unknown, writes: readonly RecordWrite[], logger: Logger): void {
  const locations = [...new Set(writes.map((write) => write.storage.location))].join(', ');
  logger.warn(
    `a transaction wrote its ${writes.length} records to ${locations}, but not the marker that makes them visible ` +
      'to other processes: they use none of them, and `flowcache prune` removes them; this process keeps the ' +
      `values in memory: ${describeFailure(error, writes[0].retry)}`,
  );
}
