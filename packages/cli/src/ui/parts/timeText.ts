import { formatRelative } from '../../shared/formatValues';
import { html, type SafeHtml } from '../html';

/** A time shown relative to now ("5 minutes ago"), the exact time on hover. */
export function timeText(iso: string, now: number, text = formatRelative(iso, now)): SafeHtml {
  return html`<time datetime="${iso}" title="${iso}">${text}</time>`;
}
