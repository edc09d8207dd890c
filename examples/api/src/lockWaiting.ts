import assert from 'node:assert/strict';
import { pollUntil, type PollLook, type PollOptions } from '@flowcache/core/adapters';

/** `waitForRelease` of a lock manager whose locks are map entries (key → lease expiry), looked at every 10 ms. */
async function waitForRelease(locks: Map<string, number>, key: string, timeoutMs: number): Promise<boolean> {
  const options: PollOptions = { timeoutMs, intervalMs: 10 };
  const released = await pollUntil(async (): Promise<PollLook<true>> => {
    const expiresAt = locks.get(key);
    if (expiresAt === undefined || expiresAt <= Date.now()) return { ready: true, value: true };
    return { ready: false, until: expiresAt }; // look again when this lease expires, if that is sooner
  }, options);
  return released ?? false; // undefined: still held after timeoutMs
}

export async function main(): Promise<void> {
  const locks = new Map<string, number>();
  assert.equal(await waitForRelease(locks, 'free', 60_000), true); // a free key: at once

  locks.set('nightly', Date.now() + 60_000);
  assert.equal(await waitForRelease(locks, 'nightly', 0), false); // a timeout of 0 looks once
  setTimeout(() => locks.delete('nightly'), 30);
  assert.equal(await waitForRelease(locks, 'nightly', 10_000), true); // released while waiting

  locks.set('crashed', Date.now() + 50);
  assert.equal(await waitForRelease(locks, 'crashed', 10_000), true); // its lease expired
}
