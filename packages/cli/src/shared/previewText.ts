import { previewValue } from '@flowcache/core/records';

/**
 * A value as safe one-line text of at most about `maxLength` characters, saying so when it was cut: a preview
 * ending in a plain `…` looks like the whole value. `previewValue` cuts to exactly `maxLength` characters, the
 * last one `…`.
 */
export function previewText(value: unknown, maxLength: number): string {
  const preview = previewValue(value, maxLength);
  const cut = preview.length === maxLength && preview.endsWith('…');
  return cut ? `${preview} (cut at ${groupDigits(maxLength)} characters)` : preview;
}

/** `20 000`: thousands set apart by a space, readable in any language. */
function groupDigits(count: number): string {
  return String(count).replace(/\B(?=(\d{3})+$)/g, ' ');
}
