import { setTimeout as sleep } from 'node:timers/promises';
import { Backoff } from './Backoff';
import { firstLookPause, learnFirstLook } from './firstLookPace';
import type { LockManager, ReleaseWatch } from './LockManager';

/**
 * What ended a pause between two attempts to take a lock: `watching`, a watch on releases began (try again at
 * once: a release may have come before it); `released`, a release was noticed; `maybe`, a pause of a waiter
 * without notices ended, so anything may have changed; `quiet`, a watched pause ended without a notice.
 */
export type PauseEnd = 'watching' | 'released' | 'maybe' | 'quiet';

// A waiter without notices looks first after the pause its process learnt (`firstLookPause`), then after twice
// that, and so on up to 2 s: a long hold costs a look every second or two (each look is a request to the store).
const LOOK_MAX_MS = 2_000;
// A waiter with notices looks again now and then all the same: a notice may be lost, and a crashed holder's lease
// ends without one.
const FALLBACK_FIRST_MS = 500;
const FALLBACK_MAX_MS = 2_000;

/**
 * @internal The pauses of one waiter for a lock, between its attempts to take it: a watch on releases when the
 * lock manager offers one (`LockManager.watchReleases`), woken by a release at once, with a bounded fallback;
 * otherwise jittered exponential backoff. Either way a pause lasts at most half a lease, so a waiter looks again
 * soon after the lease of a holder that crashed has ended.
 */
export class ReleaseWaiter {
  private watch: ReleaseWatch | undefined;
  private watchFailed = false;
  private looks = 0;
  private readonly backoff: Backoff;

  constructor(
    private readonly locks: LockManager,
    private readonly key: string,
    leaseMs: number,
  ) {
    const watching = locks.watchReleases !== undefined;
    const maxMs = Math.max(1, Math.min(watching ? FALLBACK_MAX_MS : LOOK_MAX_MS, leaseMs / 2));
    this.backoff = new Backoff(watching ? FALLBACK_FIRST_MS : firstLookPause(locks), maxMs);
  }

  /**
   * Tells, after a pause that ended `maybe`, whether the look that followed found what was waited for: the first
   * such look teaches this process how long to pause before the first look next time.
   */
  looked(found: boolean): void {
    if (this.looks++ === 0) learnFirstLook(this.locks, found);
  }

  /** Waits for the next chance to take the lock, at most `remainingMs`. */
  async pause(remainingMs: number): Promise<PauseEnd> {
    if (this.watch === undefined && !this.watchFailed && this.locks.watchReleases !== undefined) {
      try {
        this.watch = await this.locks.watchReleases(this.key);
        return 'watching';
      } catch {
        // No notices (the subscription or the watcher could not be set up): back off and look again instead.
        this.watchFailed = true;
      }
    }
    const ms = Math.max(0, Math.min(this.backoff.next(), remainingMs));
    if (this.watch === undefined) {
      await sleep(ms);
      return 'maybe';
    }
    return (await this.watch.next(ms)) ? 'released' : 'quiet';
  }

  /** Ends the watch, if one began. */
  close(): void {
    this.watch?.close();
    this.watch = undefined;
  }
}
