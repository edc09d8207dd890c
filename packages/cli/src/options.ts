import { InvalidArgumentError } from 'commander';
import { DateTime, Duration } from 'luxon';

/** Parses `--limit`: a whole number ≥ 1 (commander reports anything else as a usage error). */
export function parseLimit(text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(value) || value < 1) {
    throw new InvalidArgumentError('expected a whole number of at least 1.');
  }
  return value;
}

/** Parses `--port`: 0 (any free port) to 65535. */
export function parsePort(text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || value > 65_535)
    throw new InvalidArgumentError('expected a port number from 0 to 65535.');
  return value;
}

/**
 * Parses one `--allowed-host` (repeatable) into the list so far: a host name or IP address, without scheme, port
 * or path, as a browser sends it in `Host`.
 */
export function parseAllowedHost(text: string, previous: readonly string[] = []): string[] {
  const host = text.trim().toLowerCase();
  let parsed: string | undefined;
  try {
    parsed = /^(?:[a-z0-9._-]+|\[[0-9a-f:.]+\]|[0-9a-f:.]+)$/.test(host)
      ? new URL(`http://${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}/`).hostname
      : undefined;
  } catch {
    parsed = undefined;
  }
  if (parsed === undefined || parsed === '') {
    throw new InvalidArgumentError(
      'expected a host name or IP address, without scheme, port or path (cache.example.com, 192.168.1.20).',
    );
  }
  return [...previous, host];
}

/** Parses `--max-record-bytes`: a whole number of bytes ≥ 1. */
export function parseByteCount(text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(value) || value < 1) {
    throw new InvalidArgumentError('expected a whole number of bytes, at least 1.');
  }
  return value;
}

/** Collects the values of an option given several times (`--allow-serializer a --allow-serializer b`). */
export function collect(value: string, previous: readonly string[] = []): string[] {
  return [...previous, value];
}

const SHORT_DURATION = /^(\d+)\s*(m|min|h|d|w)$/;
const SHORT_UNITS = { m: 'minutes', min: 'minutes', h: 'hours', d: 'days', w: 'weeks' } as const;

/**
 * Parses `--since` and `--until`: a time as ISO-8601 (`2026-12-01`, `2026-12-01T08:00`, in local time unless it
 * names its offset), or how long ago: `30m`, `24h`, `7d`, `2w`, or an ISO-8601 duration (`P1M`, `PT36H`).
 */
export function parseTime(text: string, now: number = Date.now()): Date {
  const ago = durationOf(text);
  const time = ago === undefined ? DateTime.fromISO(text.trim()) : DateTime.fromMillis(now).minus(ago);
  if (!time.isValid || (ago !== undefined && !ago.isValid)) {
    throw new InvalidArgumentError(
      'expected a time (2026-12-01, 2026-12-01T08:00) or how long ago (30m, 24h, 7d, 2w, or ISO-8601 like P1M).',
    );
  }
  return time.toJSDate();
}

/** Parses `--expires-within`: how long from now, `30m`, `24h`, `7d`, `2w`, or ISO-8601 (`P1M`, `PT36H`). */
export function parseTimeAhead(text: string, now: number = Date.now()): Date {
  const ahead = durationOf(text);
  const time = ahead === undefined ? undefined : DateTime.fromMillis(now).plus(ahead);
  if (time === undefined || !time.isValid || !ahead!.isValid) {
    throw new InvalidArgumentError('expected how long from now (30m, 24h, 7d, 2w, or ISO-8601 like P1M).');
  }
  return time.toJSDate();
}

// A duration in the short form (`7d`) or ISO-8601 (`P1M`); `undefined` for text that is neither.
function durationOf(text: string): Duration | undefined {
  const trimmed = text.trim();
  const short = SHORT_DURATION.exec(trimmed);
  if (short) return Duration.fromObject({ [SHORT_UNITS[short[2] as keyof typeof SHORT_UNITS]]: Number(short[1]) });
  return /^P/i.test(trimmed) ? Duration.fromISO(trimmed.toUpperCase()) : undefined;
}

const SIZE = /^(\d+(?:\.\d+)?)\s*([kmgt]i?b?|b)?$/i;
const SIZE_POWERS: Readonly<Record<string, number>> = { '': 0, b: 0, k: 1, m: 2, g: 3, t: 4 };

/**
 * Parses `--min-size` and `--max-size`: a number of bytes, with an optional unit: `kB`, `MB`, `GB`, `TB` (powers of
 * 1000; `K`, `M`, `G`, `T` too) or `KiB`, `MiB`, `GiB`, `TiB` (powers of 1024, as sizes are shown); case ignored.
 */
export function parseSize(text: string): number {
  const match = SIZE.exec(text.trim());
  const unit = (match?.[2] ?? '').toLowerCase();
  const power = SIZE_POWERS[unit.charAt(0)];
  const bytes = match === null ? NaN : Math.round(Number(match[1]) * (unit.includes('i') ? 1024 : 1000) ** power);
  if (!Number.isSafeInteger(bytes)) {
    throw new InvalidArgumentError('expected a size: bytes, or with a unit (512KiB, 1MB, 2.5 GiB).');
  }
  return bytes;
}
