import type { IncomingMessage } from 'node:http';
import { errorPage } from './pages/errorPage';
import { readForm } from './readForm';
import { redirect, type Reply } from './Reply';
import { isSameOriginPost } from './requestGuards';
import type { UiContext } from './UiContext';
import { recordsUrl } from './urls';

/** `POST /invalidate` (form fields `key`, `token`): deletes one record, then shows the records list. */
export async function invalidateRecord(context: UiContext, request: IncomingMessage): Promise<Reply> {
  if (!context.allowDelete) {
    return errorPage(403, 'Forbidden', 'Invalidating is off: start the UI with --allow-delete to allow it.');
  }
  const form = await readForm(request);
  if (!isSameOriginPost(context, request, form)) {
    return errorPage(403, 'Forbidden', 'This form was not sent from a page of this server: reload the page and try again.');
  }
  const key = form.get('key');
  if (key === null || key === '') return errorPage(400, 'Bad request', 'The form names no key to invalidate.');
  const deleted = await context.inspector.invalidate({ key });
  return redirect(deleted.length > 0 ? `${recordsUrl()}?${new URLSearchParams({ invalidated: key })}` : recordsUrl());
}
