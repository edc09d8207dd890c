import { KIND_WINDOW_MS, OnceWarnings, REMEMBERED_TOPICS, SHOWN_PER_KIND } from '../../src/engine/OnceWarnings';
import { manualClock, RecordingLogger, type ManualClock } from '../support';

// Warn-once topics carry keys (`corrupt:<location>:<key>`), so a store with a million bad records brings a
// million topics: the topics kept and the lines logged stay bounded, and once-per-topic still holds for recent ones.
function warnings(): { warnings: OnceWarnings; logger: RecordingLogger; clock: ManualClock } {
  const logger = new RecordingLogger();
  const clock = manualClock(Date.UTC(2026, 0, 1));
  return { warnings: new OnceWarnings(logger, clock.read), logger, clock };
}

describe('warn-once topics', () => {
  it('keeps at most REMEMBERED_TOPICS topics, however many distinct ones come', () => {
    const { warnings: once } = warnings();
    for (let index = 0; index < REMEMBERED_TOPICS * 5; index++) once.warn(`corrupt:memory://x:key-${index}`, 'bad');
    expect(once.size).toBe(REMEMBERED_TOPICS);
  });

  it('still reports a recent topic once, and a topic pushed out by newer ones again', () => {
    const { warnings: once, logger, clock } = warnings();
    once.warn('write:first', 'first failed');
    for (let index = 0; index < REMEMBERED_TOPICS; index++) {
      clock.now += KIND_WINDOW_MS; // one warning per window: none is held back by the per-kind limit
      once.warn(`corrupt:memory://x:key-${index}`, `bad ${index}`);
    }
    logger.warnings.length = 0;
    once.warn(`corrupt:memory://x:key-${REMEMBERED_TOPICS - 1}`, 'recent again');
    expect(logger.warnings).toEqual([]);
    once.warn('write:first', 'first failed again');
    expect(logger.warnings).toEqual(['first failed again']);
  });

  it('keeps a topic warned about again and again while newer ones come (an outage that lasts)', () => {
    const { warnings: once, logger } = warnings();
    once.warn('read:memory://x', 'unreadable');
    for (let index = 0; index < REMEMBERED_TOPICS * 2; index++) {
      once.warn(`corrupt:memory://x:key-${index}`, 'bad');
      once.warn('read:memory://x', 'unreadable');
    }
    expect(logger.warnings.filter((message) => message === 'unreadable')).toHaveLength(1);
  });

  it('reports a forgotten topic again (a problem that was over comes back)', () => {
    const { warnings: once, logger } = warnings();
    once.warn('read:memory://x', 'outage');
    once.warn('read:memory://x', 'outage');
    once.forget('read:memory://x');
    once.warn('read:memory://x', 'outage');
    expect(logger.warnings).toEqual(['outage', 'outage']);
  });

  it('shows SHOWN_PER_KIND warnings of one kind a minute, then counts them and says how many were not shown', () => {
    const { warnings: once, logger, clock } = warnings();
    for (let index = 0; index < 1000; index++) once.warn(`corrupt:memory://x:key-${index}`, `bad ${index}`);
    once.warn('write:task', 'a write failed'); // another kind is not held back
    expect(logger.warnings).toEqual([
      ...Array.from({ length: SHOWN_PER_KIND }, (_, index) => `bad ${index}`),
      expect.stringMatching(/^more "corrupt" warnings follow; they are counted, not shown: at most 10 .* per 60 s/),
      'a write failed',
    ]);
    logger.warnings.length = 0;
    clock.now += KIND_WINDOW_MS;
    once.warn('corrupt:memory://x:key-next', 'bad next');
    expect(logger.warnings).toEqual([
      `…and ${1000 - SHOWN_PER_KIND} more "corrupt" warning(s) since 2026-01-01T00:00:00.000Z were not shown`,
      'bad next',
    ]);
  });
});
