import { html, type SafeHtml } from '../html';

/** A run state (`Completed`, `Cached`, `Failed`, `RolledBack`) or record status (`live`, `expired`, `unreadable`). */
export function stateBadge(state: string, title?: string): SafeHtml {
  return html`<span class="state state-${state}" title="${title}">${state}</span>`;
}
