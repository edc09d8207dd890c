import { formatExpiry, formatRelative } from '../src/shared/formatValues';

// The words for times that both the commands and the web UI use.
describe('relative times', () => {
  const now = Date.parse('2026-11-26T12:00:00.000Z');
  const at = (offsetMs: number) => new Date(now + offsetMs).toISOString();

  it('say "just now" within a second, never "in 0 seconds" or "0 seconds ago"', () => {
    for (const offset of [0, 300, -300, 999, -999]) expect(formatRelative(at(offset), now)).toBe('just now');
    expect(formatRelative(at(1500), now)).toBe('in 2 seconds');
    expect(formatRelative(at(-1200), now)).toBe('1 second ago');
  });

  it('are rounded: a record written a moment ago for 3 hours expires "in 3 hours"', () => {
    expect(formatExpiry(at(3 * 3_600_000 - 2000), now)).toBe('in 3 hours');
    expect(formatExpiry(at(-2 * 86_400_000 - 2 * 3_600_000), now)).toBe('expired 2 days ago');
    expect(formatExpiry(null, now)).toBe('never');
  });

  it('leave a text that is not a time as it is', () => {
    expect(formatRelative('not a time', now)).toBe('not a time');
  });
});
