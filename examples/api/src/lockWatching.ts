import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { pollWatching, ReleaseNoticeLatch, type PollLook, type ReleaseWatch } from '@flowcache/core/adapters';

/** Locks as map entries (key → lease expiry), and an emitter that announces each release, as pub/sub would. */
const locks = new Map<string, number>();
const releases = new EventEmitter();

function release(key: string): void {
  locks.delete(key);
  releases.emit(key);
}

/** `watchReleases`: each release of the key noticed since the watch began, or since `next` last said so. */
async function watchReleases(key: string): Promise<ReleaseWatch> {
  const latch = new ReleaseNoticeLatch(); // notices not reported yet: `next` reports them
  releases.on(key, latch.notice);
  return { next: (timeoutMs) => latch.next(timeoutMs), close: () => releases.off(key, latch.notice) };
}

/** `waitForRelease`: woken by the release; it looks again after 60 s without one (an expiry is not announced). */
async function waitForRelease(key: string, timeoutMs: number): Promise<boolean> {
  const look = async (): Promise<PollLook<true>> => {
    const expiresAt = locks.get(key);
    return expiresAt === undefined || expiresAt <= Date.now() ? { ready: true, value: true } : { ready: false };
  };
  return (await pollWatching(look, () => watchReleases(key), { timeoutMs, intervalMs: 60_000 })) ?? false;
}

export async function main(): Promise<void> {
  locks.set('nightly', Date.now() + 60_000);
  setTimeout(() => release('nightly'), 30);
  assert.equal(await waitForRelease('nightly', 120_000), true); // woken by the release, long before 60 s
  assert.equal(releases.listenerCount('nightly'), 0); // the watch was closed
}
