import { html, type SafeHtml } from '../html';
import type { UiContext } from '../UiContext';
import { INVALIDATE_URL, recordsUrl } from '../urls';

/**
 * The button that deletes one record; nothing at all unless the server was started with `allowDelete`.
 * `returnTo` is the records list to show afterwards (`/records?task=…`): the filter someone was working in.
 */
export function invalidateForm(context: UiContext, key: string, returnTo: string = recordsUrl()): SafeHtml {
  if (!context.allowDelete) return html``;
  return html`<form class="inline" method="post" action="${INVALIDATE_URL}">
<input type="hidden" name="key" value="${key}">\
<input type="hidden" name="token" value="${context.formToken}"><input type="hidden" name="returnTo" value="${returnTo}">
<button class="danger" type="submit" \
title="Delete this record: the next call with its key runs the task">Invalidate</button>
</form>`;
}
