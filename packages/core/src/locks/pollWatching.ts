import type { ReleaseWatch } from './LockManager';
import { pollUntil, type PollLook } from './pollUntil';

/**
 * `pollUntil` for a lock manager that tells of releases: the watch is opened before the first look (so no release
 * after it goes unnoticed), and each pause ends at the next release noticed, or after `intervalMs` at the latest,
 * which then only bounds the wait for what is not announced (an expiry, a lost notice). With `timeoutMs` 0 it
 * looks once and opens no watch; when the watch cannot be opened, it looks every `intervalMs`. The waiting loop of
 * `acquire` and `waitForRelease` of such managers.
 */
export async function pollWatching<T>(
  look: () => Promise<PollLook<T>>,
  watch: () => Promise<ReleaseWatch>,
  { timeoutMs, intervalMs }: { readonly timeoutMs: number; readonly intervalMs: number },
): Promise<T | undefined> {
  if (timeoutMs <= 0) return pollUntil(look, { timeoutMs, intervalMs });
  let watching: ReleaseWatch;
  try {
    watching = await watch();
  } catch {
    // No notices (the subscription or the watcher could not be set up): look every `intervalMs` instead.
    return pollUntil(look, { timeoutMs, intervalMs });
  }
  try {
    return await pollUntil(look, {
      timeoutMs,
      intervalMs,
      pause: async (ms) => {
        await watching.next(ms);
      },
    });
  } finally {
    watching.close();
  }
}
