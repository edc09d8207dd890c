import type { Redis } from 'ioredis';
import { ReleaseNoticeLatch, type ReleaseWatch } from '@flowcache/core/adapters';
import { withinTime } from './withinTime';

// The longest a watch waits for its SUBSCRIBE to be confirmed; then the waiter backs off without notices.
const SUBSCRIBE_TIMEOUT_MS = 5_000;

/** The watchers of one channel, and its subscription (confirmed, or on its way). */
interface Channel {
  readonly notices: Set<() => void>;
  readonly subscribed: Promise<unknown>;
}

/**
 * The release notices of one `RedisLockManager`: a release publishes on the lock's channel, and waiters listen
 * on one subscriber connection, a duplicate of the user's client (a connection in subscriber mode can send no
 * other command). The connection is opened by the first watch and closed when the last one ends, so that an idle
 * process keeps no connection of its own open.
 */
export class ReleaseNotices {
  private subscriber: Redis | undefined;
  private readonly channels = new Map<string, Channel>();

  constructor(private readonly client: Redis) {}

  /** Watches `channel`; resolves once the subscription is confirmed (or rejects when it is not in time). */
  async watch(channel: string): Promise<ReleaseWatch> {
    const latch = new ReleaseNoticeLatch();
    const watched = this.join(channel, latch.notice);
    try {
      await withinTime(watched.subscribed, SUBSCRIBE_TIMEOUT_MS, 'no answer to SUBSCRIBE');
    } catch (error) {
      this.leave(channel, latch.notice);
      throw error;
    }
    return { next: (timeoutMs) => latch.next(timeoutMs), close: () => this.leave(channel, latch.notice) };
  }

  /** How many channels are watched now (for tests: none once every wait has ended). */
  get watchedChannels(): number {
    return this.channels.size;
  }

  /** Whether the subscriber connection is open (for tests: not once every wait has ended). */
  get connected(): boolean {
    return this.subscriber !== undefined;
  }

  private join(name: string, notice: () => void): Channel {
    let channel = this.channels.get(name);
    if (channel === undefined) {
      const subscribed = this.connect().subscribe(name);
      subscribed.catch(() => undefined); // awaited by the watch that subscribed; others may never look
      channel = { notices: new Set(), subscribed };
      this.channels.set(name, channel);
    }
    channel.notices.add(notice);
    return channel;
  }

  private leave(name: string, notice: () => void): void {
    const channel = this.channels.get(name);
    if (channel === undefined || !channel.notices.delete(notice) || channel.notices.size > 0) return;
    this.channels.delete(name);
    const subscriber = this.subscriber;
    if (subscriber === undefined) return;
    if (this.channels.size === 0) {
      this.subscriber = undefined;
      subscriber.disconnect();
    } else {
      subscriber.unsubscribe(name).catch(() => undefined); // a closed connection has unsubscribed already
    }
  }

  private connect(): Redis {
    if (this.subscriber === undefined) {
      const subscriber = this.client.duplicate();
      // Its failures show in the waits: a waiter without notices looks again after its bounded pause.
      subscriber.on('error', () => undefined);
      subscriber.on('message', (channel: string) => {
        for (const notice of this.channels.get(channel)?.notices ?? []) notice();
      });
      this.subscriber = subscriber;
    }
    return this.subscriber;
  }
}
