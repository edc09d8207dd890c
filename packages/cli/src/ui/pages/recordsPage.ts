import type { CachedRecord, RecordFilter } from '@flowcache/core/records';
import { formatBytes, formatExpiry } from '../../shared/formatValues';
import { RUNNING_ENGINES_AFTER_DELETE } from '../../shared/runningEngines';
import { html, type SafeHtml } from '../html';
import { readNotice, type InvalidationNotice } from '../invalidationNotice';
import { invalidateForm } from '../parts/invalidateForm';
import { stateBadge } from '../parts/stateBadge';
import { timeText } from '../parts/timeText';
import { page, type Reply } from '../Reply';
import type { UiContext } from '../UiContext';
import { readRecordsQuery, recordsUrl, recordUrl, type RecordsQuery, type RecordStatusFilter } from '../urls';

const ROWS_PER_PAGE = 50;
// A filter matching few records would otherwise walk the whole storage for one page: stop after this many
// listings and offer the next page, which may then hold fewer rows.
const MAX_LISTINGS_PER_PAGE = 40;

/** `/records`: the cached results matching the filter form, up to 50 a page. */
export async function recordsPage(context: UiContext, parameters: URLSearchParams): Promise<Reply> {
  const query = readRecordsQuery(parameters);
  const filter: RecordFilter = {
    task: query.task,
    prefix: query.prefix,
    expired: query.status === 'all' ? undefined : query.status === 'expired',
  };
  const records: CachedRecord[] = [];
  let cursor = query.cursor;
  let listings = 0;
  do {
    const listed = await context.inspector.list({ ...filter, limit: ROWS_PER_PAGE - records.length, cursor });
    records.push(...listed.records);
    cursor = listed.cursor;
    listings++;
  } while (cursor !== undefined && records.length < ROWS_PER_PAGE && listings < MAX_LISTINGS_PER_PAGE);

  const now = context.now();
  const notice = readNotice(context.noticeSecret, parameters);
  return page(
    'Cached results',
    html`<h1>Cached results</h1>
${notice !== undefined && noticeText(notice)}
${filterForm(query)}
${
  records.length === 0
    ? html`<p id="no-records">No cached result${query.cursor === undefined ? '' : ' on this page'} matches.</p>`
    : html`<table id="records">
<thead><tr><th>Key</th><th>Task</th><th>Created</th><th>Expires</th><th>Size</th>\
<th>Serializer</th>${context.allowDelete && html`<th></th>`}</tr></thead>
<tbody>${records.map((record) => recordRow(context, record, now, recordsUrl(query)))}</tbody>
</table>`
}
<nav class="pages">${
      query.cursor !== undefined && html`<a href="${recordsUrl({ ...query, cursor: undefined })}">First page</a>`
    }${cursor !== undefined && html`<a href="${recordsUrl({ ...query, cursor })}" id="next-page">Next page</a>`}</nav>`,
  );
}

/** What the invalidate post that led here did (only ever a notice this server signed: see `invalidationNotice`). */
function noticeText({ outcome, key }: InvalidationNotice): SafeHtml {
  return outcome === 'invalidated'
    ? html`<p class="notice" id="notice">Invalidated <code>${key}</code>: \
its record is deleted; ${RUNNING_ENGINES_AFTER_DELETE}.</p>`
    : html`<p class="problem" id="notice">No record under <code>${key}</code>: \
nothing was invalidated (it may have been deleted already).</p>`;
}

function filterForm(query: RecordsQuery & { status: RecordStatusFilter }): SafeHtml {
  const option = (value: RecordStatusFilter, label: string) =>
    html`<option value="${value}"${query.status === value && html` selected`}>${label}</option>`;
  return html`<form class="filters" method="get" action="${recordsUrl()}">
<label>Task<input name="task" value="${query.task ?? ''}" placeholder="Class.method"></label>
<label>Key prefix<input name="prefix" value="${query.prefix ?? ''}" placeholder="reports/"></label>
<label>Status<select name="status">${option('all', 'all')}${option('live', 'live')}\
${option('expired', 'expired or unreadable')}</select></label>
<button type="submit">Filter</button>
</form>`;
}

/** One record; `listUrl` is this very list (filter and page), where invalidating the record returns to. */
function recordRow(context: UiContext, record: CachedRecord, now: number, listUrl: string): SafeHtml {
  const { metadata } = record;
  const status = metadata === undefined ? 'unreadable' : record.expired ? 'expired' : 'live';
  return html`<tr data-key="${record.key}">
<td class="key"><a href="${recordUrl(record.key)}">${record.key}</a></td>
<td>${metadata === undefined ? stateBadge(status, record.problem) : metadata.taskName}</td>
<td>${metadata === undefined ? '' : timeText(metadata.createdAt, now)}</td>
<td>${
    metadata === undefined
      ? ''
      : html`<span class="${status === 'expired' && 'state state-expired'}">\
${formatExpiry(metadata.expiresAt, now)}</span>`
  }</td>
<td>${formatBytes(record.size)}</td>
<td>${metadata?.serializer ?? ''}</td>
${context.allowDelete && html`<td>${invalidateForm(context, record.key, listUrl)}</td>`}
</tr>`;
}
