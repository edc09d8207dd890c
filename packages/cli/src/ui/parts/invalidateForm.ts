import { html, type SafeHtml } from '../html';
import type { UiContext } from '../UiContext';
import { INVALIDATE_URL } from '../urls';

/** The button that deletes one record; nothing at all unless the server was started with `allowDelete`. */
export function invalidateForm(context: UiContext, key: string): SafeHtml {
  if (!context.allowDelete) return html``;
  return html`<form class="inline" method="post" action="${INVALIDATE_URL}">
<input type="hidden" name="key" value="${key}"><input type="hidden" name="token" value="${context.formToken}">
<button class="danger" type="submit" title="Delete this record: the next call with its key runs the task">Invalidate</button>
</form>`;
}
