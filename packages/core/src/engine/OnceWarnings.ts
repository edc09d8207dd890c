import type { Logger } from '../settings/Logger';

/** How many topics are remembered: past it, the topic warned about least recently is forgotten. */
export const REMEMBERED_TOPICS = 4096;
/** How many warnings of one kind are shown per `KIND_WINDOW_MS`; the others are counted and summed up. */
export const SHOWN_PER_KIND = 10;
export const KIND_WINDOW_MS = 60_000;
// Kinds are the fixed prefixes of topics; the bound only matters should a prefix ever carry a variable part.
const REMEMBERED_KINDS = 256;

/** The warnings of one kind shown and hidden since `startedAt`. */
interface KindWindow {
  readonly startedAt: number;
  shown: number;
  hidden: number;
}

/**
 * Warnings reported once per topic (`corrupt:<location>:<key>`, `write:<task>:<location>`, …), in bounded memory
 * and with a readable log, however many topics traffic brings (a corrupt store with a million bad records):
 * - the topics are an LRU of `REMEMBERED_TOPICS`: a topic warned about again stays remembered (an outage that
 *   lasts is still reported once), and one forgotten because newer ones pushed it out is reported again if it
 *   comes back;
 * - of one kind (the topic up to its first `:`), at most `SHOWN_PER_KIND` are shown per `KIND_WINDOW_MS`; the
 *   others are counted, and the next warning of the kind after the window first says how many were not shown.
 */
export class OnceWarnings {
  // A Set keeps insertion order: the first topic is the least recently warned about.
  private readonly topics = new Set<string>();
  private readonly kinds = new Map<string, KindWindow>();

  constructor(
    private readonly logger: Logger,
    private readonly clock: () => number,
    private readonly capacity = REMEMBERED_TOPICS,
  ) {}

  /** Reports `message` unless `topic` was reported and is still remembered. */
  warn(topic: string, message: string): void {
    if (this.topics.delete(topic)) {
      this.topics.add(topic); // most recently warned about last
      return;
    }
    this.topics.add(topic);
    if (this.topics.size > this.capacity) this.topics.delete(this.topics.values().next().value as string);
    this.show(kindOf(topic), message);
  }

  /** The problem is over: the next warning of the topic is reported again. */
  forget(topic: string): void {
    this.topics.delete(topic);
  }

  /** How many topics are remembered now (at most `REMEMBERED_TOPICS`). */
  get size(): number {
    return this.topics.size;
  }

  private show(kind: string, message: string): void {
    const now = this.clock();
    let window = this.kinds.get(kind);
    if (window === undefined || now < window.startedAt || now >= window.startedAt + KIND_WINDOW_MS) {
      if (window !== undefined && window.hidden > 0) this.logger.warn(summary(kind, window));
      this.kinds.delete(kind);
      if (this.kinds.size >= REMEMBERED_KINDS) this.kinds.clear();
      window = { startedAt: now, shown: 0, hidden: 0 };
      this.kinds.set(kind, window);
    }
    if (window.shown < SHOWN_PER_KIND) {
      window.shown++;
      this.logger.warn(message);
      return;
    }
    if (window.hidden++ === 0) {
      this.logger.warn(
        `more "${kind}" warnings follow; they are counted, not shown: at most ${SHOWN_PER_KIND} of one kind are ` +
          `shown per ${KIND_WINDOW_MS / 1000} s, and the next one shown says how many were not`,
      );
    }
  }
}

function kindOf(topic: string): string {
  const end = topic.indexOf(':');
  return end < 0 ? topic : topic.slice(0, end);
}

function summary(kind: string, window: KindWindow): string {
  const since = new Date(window.startedAt).toISOString();
  return `…and ${window.hidden} more "${kind}" warning(s) since ${since} were not shown`;
}
