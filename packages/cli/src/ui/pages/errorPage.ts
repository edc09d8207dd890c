import { html } from '../html';
import { page, type Reply } from '../Reply';
import { flowRunsUrl } from '../urls';

/** A page saying what went wrong, with the given status (the message is shown as text). */
export function errorPage(
  status: number,
  title: string,
  message: string,
  headers?: Readonly<Record<string, string>>,
): Reply {
  return page(
    title,
    html`<h1>${title}</h1>
<p class="problem">${message}</p>
<p><a href="${flowRunsUrl()}">Back to the flow runs</a></p>`,
    status,
    headers,
  );
}

export function notFoundPage(message: string): Reply {
  return errorPage(404, 'Not found', message);
}
