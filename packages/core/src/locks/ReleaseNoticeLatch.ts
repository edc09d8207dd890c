import { setTimeout as sleep } from 'node:timers/promises';

/**
 * The release notices a `ReleaseWatch` received and has not reported yet, what a lock manager's `watchReleases`
 * builds its watch on: `notice` records one (pass it as the callback of a subscription, a file watcher...), and
 * `next` reports them as `ReleaseWatch.next` says.
 */
export class ReleaseNoticeLatch {
  private noticed = false;
  private wake: (() => void) | undefined;

  /** Records a release, and wakes a `next` waiting for one. Bound: it can be passed on as it is. */
  readonly notice = (): void => {
    this.noticed = true;
    this.wake?.();
  };

  /** Whether a release was noticed since the last `next` that reported one. */
  get pending(): boolean {
    return this.noticed;
  }

  /**
   * Resolves `true` at once when a release was noticed since the last `next` that reported one, else at the next
   * notice; `false` after `timeoutMs` (at once for 0) without one.
   */
  async next(timeoutMs: number): Promise<boolean> {
    if (!this.noticed && timeoutMs > 0) {
      const woken = new AbortController();
      this.wake = () => woken.abort();
      await sleep(timeoutMs, undefined, { signal: woken.signal }).catch(() => undefined);
      this.wake = undefined;
    }
    const released = this.noticed;
    this.noticed = false;
    return released;
  }
}
