import { DateTime } from 'luxon';

// How the commands and the web UI word sizes, durations and times: one set of functions, so both say the same.

/** `812 B`, `1.2 KiB`, `34 MiB`: sizes as people read them. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** `850 ms`, `1.2 s`, `3 min 4 s`, `2 h 5 min`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 60) return `${minutes} min ${Math.floor((ms % 60_000) / 1000)} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** A hit ratio as a percentage: `40.0 %`, `100 %`; `-` when there were no calls to count. */
export function formatRatio(ratio: number | null): string {
  return ratio === null ? '-' : `${(ratio * 100).toFixed(ratio === 0 || ratio === 1 ? 0 : 1)} %`;
}

/** A stored ISO-8601 time in the local time zone, to the second: `2026-11-25 08:15:02`. */
export function formatTime(iso: string): string {
  const time = DateTime.fromISO(iso);
  return time.isValid ? time.toLocal().toFormat('yyyy-LL-dd HH:mm:ss') : iso;
}

/**
 * How far a time is from now, in words: `in 3 hours`, `2 days ago`, `just now` (never "in 0 seconds"); the text
 * itself when it is not a time. Rounded, not truncated: a record written a moment ago for 3 hours expires
 * "in 3 hours", not "in 2 hours".
 */
export function formatRelative(iso: string, now: number = Date.now()): string {
  const time = DateTime.fromISO(iso);
  if (!time.isValid) return iso;
  if (Math.abs(time.toMillis() - now) < 1000) return 'just now';
  return time.toRelative({ base: DateTime.fromMillis(now), locale: 'en', rounding: 'round' }) ?? iso;
}

/** A record's expiry relative to now: `in 3 hours`, `expired 2 days ago`, `never`. */
export function formatExpiry(expiresAt: string | null, now: number = Date.now()): string {
  if (expiresAt === null) return 'never';
  const relative = formatRelative(expiresAt, now);
  return Date.parse(expiresAt) <= now ? `expired ${relative}` : relative;
}

/** Longest key shown whole in tables; `ls --wide` shows every key whole. */
export const SHORT_KEY_LENGTH = 32;

/**
 * A long key cut to its beginning, as git shortens hashes: `show` accepts the shown text (with or without the
 * `…`) as a key prefix, so a shortened key still names its record.
 */
export function shortenKey(key: string, length: number = SHORT_KEY_LENGTH): string {
  return key.length <= length ? key : `${key.slice(0, length - 1)}…`;
}

/** `1 record`, `3 records`. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
