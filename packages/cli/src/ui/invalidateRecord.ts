import type { IncomingMessage } from 'node:http';
import { isRunHistoryKey, runHistoryKeyMessage } from '../shared/runHistoryKey';
import { noticeParameters } from './invalidationNotice';
import { errorPage } from './pages/errorPage';
import { readForm } from './readForm';
import { redirect, type Reply } from './Reply';
import { isSameOriginPost } from './requestGuards';
import type { UiContext } from './UiContext';
import { recordsQueryOfPath, recordsUrl } from './urls';

/**
 * `POST /invalidate` (form fields `key`, `token`, `returnTo`): deletes one record, then shows the records list
 * the form came from, with a notice of what happened.
 */
export async function invalidateRecord(context: UiContext, request: IncomingMessage): Promise<Reply> {
  if (!context.allowDelete) {
    return errorPage(403, 'Forbidden', 'Invalidating is off: start the UI with --allow-delete to allow it.');
  }
  const form = await readForm(request);
  if (!isSameOriginPost(context, request, form)) {
    return errorPage(
      403,
      'Forbidden',
      'This form was not sent from a page of this server: reload the page and try again.',
    );
  }
  const key = form.get('key');
  if (key === null || key === '') return errorPage(400, 'Bad request', 'The form names no key to invalidate.');
  const returnTo = recordsQueryOfPath(form.get('returnTo') ?? recordsUrl());
  if (returnTo === undefined) return errorPage(400, 'Bad request', 'The form names no records list to return to.');
  if (isRunHistoryKey(key)) return errorPage(400, 'Not a record', runHistoryKeyMessage(key));
  const deleted = await context.inspector.invalidate({ key });
  const notice = noticeParameters(context.noticeSecret, {
    outcome: deleted.length > 0 ? 'invalidated' : 'missing',
    key,
  });
  const list = recordsUrl(returnTo);
  return redirect(`${list}${list.includes('?') ? '&' : '?'}${notice}`);
}
