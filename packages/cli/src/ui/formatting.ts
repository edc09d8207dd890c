import { DateTime } from 'luxon';

/** "3 minutes ago", "in 2 hours", "just now": an ISO time relative to `now`; the text itself when it is not a time. */
export function relativeTime(iso: string, now: number): string {
  const time = DateTime.fromISO(iso);
  if (time.isValid && Math.abs(time.toMillis() - now) < 1000) return 'just now';
  return (time.isValid && time.toRelative({ base: DateTime.fromMillis(now), locale: 'en', rounding: 'round' })) || iso;
}

/** When a record expires: "never", "in 3 hours" or "expired 2 days ago". */
export function expiryText(expiresAt: string | null, now: number): string {
  if (expiresAt === null) return 'never';
  const relative = relativeTime(expiresAt, now);
  return Date.parse(expiresAt) <= now ? `expired ${relative}` : relative;
}

/** "840 ms", "2.4 s", "3 min 5 s", "2 h 7 min". */
export function formatDuration(milliseconds: number): string {
  if (!Number.isFinite(milliseconds)) return String(milliseconds);
  if (milliseconds < 1000) return `${Math.round(milliseconds)} ms`;
  const seconds = milliseconds / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${Math.floor(seconds % 60)} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** "512 B", "1.5 KiB", "3.2 MiB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}
