import type { CachedRecord, RecordFilter } from '@flowcache/core/records';
import { formatBytes, formatExpiry } from '../../shared/formatValues';
import { RUNNING_ENGINES_AFTER_DELETE } from '../../shared/runningEngines';
import { html, type SafeHtml } from '../html';
import { readNotice, type InvalidationNotice } from '../invalidationNotice';
import { invalidateForm } from '../parts/invalidateForm';
import { stateBadge } from '../parts/stateBadge';
import { timeText } from '../parts/timeText';
import { readRecordCriteria, type RecordCriteria } from '../recordCriteria';
import { page, type Reply } from '../Reply';
import type { UiContext } from '../UiContext';
import { readRecordsQuery, recordsUrl, recordUrl, type RecordsQuery, type RecordStatusFilter } from '../urls';

const ROWS_PER_PAGE = 50;
// A filter matching few records would otherwise walk the whole storage for one page: stop after this many
// listings and offer the next page, which may then hold fewer rows.
const MAX_LISTINGS_PER_PAGE = 40;

/** One page of the list: its records, when runs last used them, and the links to the pages around it. */
interface ListedPage {
  readonly records: readonly CachedRecord[];
  readonly lastUses: ReadonlyMap<string, Date>;
  readonly next: RecordsQuery | undefined;
  readonly first: RecordsQuery | undefined;
  /** For a sorted list: which of how many matching records the page shows. */
  readonly range?: { readonly from: number; readonly to: number; readonly total: number };
}

/**
 * `/records`: the cached results matching the filter form, up to 50 a page, in key order or sorted by size, age
 * or last use; every filter, the order and the page are carried in the page links. A parameter whose value cannot
 * be used gives a 400 page naming it.
 */
export async function recordsPage(context: UiContext, parameters: URLSearchParams): Promise<Reply> {
  const query = readRecordsQuery(parameters);
  const now = context.now();
  const criteria = readRecordCriteria(query, now);
  const listed =
    criteria.sort === undefined
      ? await pageInKeyOrder(context, query, criteria.filter)
      : await sortedPage(context, query, criteria);
  const { records, lastUses } = listed;
  const notice = readNotice(context.noticeSecret, parameters);
  return page(
    'Cached results',
    html`<h1>Cached results</h1>
${notice !== undefined && noticeText(notice)}
${filterForm(query)}
${
  listed.range !== undefined &&
  html`<p class="muted" id="records-range">${
    listed.range.total === 0
      ? 'No record matches.'
      : listed.records.length === 0
        ? `This page is past the last of the ${listed.range.total} matching records.`
        : `Records ${listed.range.from}–${listed.range.to} of ${listed.range.total} matching, sorted.`
  }</p>`
}
${
  records.length === 0
    ? html`<p id="no-records">No cached result${listed.first === undefined ? '' : ' on this page'} matches.</p>`
    : html`<table id="records">
<thead><tr><th>Key</th><th>Task</th><th>Created</th><th>Expires</th><th>Size</th>\
<th>Serializer</th><th>Last used</th>${context.allowDelete && html`<th></th>`}</tr></thead>
<tbody>${records.map((record) => recordRow(context, record, lastUses.get(record.key), now, recordsUrl(query)))}</tbody>
</table>`
}
<nav class="pages">${listed.first !== undefined && html`<a href="${recordsUrl(listed.first)}">First page</a>`}${
      listed.next !== undefined && html`<a href="${recordsUrl(listed.next)}" id="next-page">Next page</a>`
    }</nav>`,
  );
}

// In key order: the records among the next listings, paged by the storage's cursor.
async function pageInKeyOrder(context: UiContext, query: RecordsQuery, filter: RecordFilter): Promise<ListedPage> {
  const records: CachedRecord[] = [];
  let cursor = query.cursor;
  let listings = 0;
  do {
    const listed = await context.inspector.list({ ...filter, limit: ROWS_PER_PAGE - records.length, cursor });
    records.push(...listed.records);
    cursor = listed.cursor;
    listings++;
  } while (cursor !== undefined && records.length < ROWS_PER_PAGE && listings < MAX_LISTINGS_PER_PAGE);
  return {
    records,
    lastUses: records.length === 0 ? new Map() : await context.inspector.lastUses(records.map((record) => record.key)),
    next: cursor === undefined ? undefined : { ...query, offset: undefined, cursor },
    first: query.cursor === undefined ? undefined : { ...query, offset: undefined, cursor: undefined },
  };
}

// Sorted: every matching record walked and sorted by the inspector, paged by offset.
async function sortedPage(context: UiContext, query: RecordsQuery, criteria: RecordCriteria): Promise<ListedPage> {
  const { offset, reverse } = criteria;
  const sorted = await context.inspector.sortedRecords(criteria.filter, {
    sort: criteria.sort!,
    reverse,
    offset,
    limit: ROWS_PER_PAGE,
  });
  const after = offset + ROWS_PER_PAGE;
  return {
    records: sorted.records,
    lastUses: sorted.lastUses,
    next: after < sorted.total ? { ...query, cursor: undefined, offset: String(after) } : undefined,
    first: offset > 0 ? { ...query, cursor: undefined, offset: undefined } : undefined,
    range: { from: Math.min(offset + 1, sorted.total), to: Math.min(after, sorted.total), total: sorted.total },
  };
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
  const sortOption = (value: string, label: string) =>
    html`<option value="${value}"${(query.sort ?? '') === value && html` selected`}>${label}</option>`;
  const short = (name: keyof RecordsQuery, label: string, placeholder: string) =>
    html`<label>${label}<input class="short" name="${name}" value="${query[name] ?? ''}" \
placeholder="${placeholder}"></label>`;
  return html`<form class="filters" method="get" action="${recordsUrl()}">
<label>Task<input name="task" value="${query.task ?? ''}" placeholder="Class.method"></label>
<label>Key prefix<input name="prefix" value="${query.prefix ?? ''}" placeholder="reports/"></label>
<label>Status<select name="status">${option('all', 'all')}${option('live', 'live')}\
${option('expired', 'expired or unreadable')}</select></label>
${short('minSize', 'Larger than', '1MB')}${short('maxSize', 'Smaller than', '512KiB')}\
${short('olderThan', 'Older than', '7d')}${short('newerThan', 'Newer than', '24h')}\
${short('expiresWithin', 'Expires within', '24h')}
<label>Sort<select name="sort">${sortOption('', 'key')}${sortOption('size', 'size, largest first')}\
${sortOption('age', 'age, oldest first')}${sortOption('last-used', 'last used, latest first')}</select></label>
<label class="check"><span>Reverse</span><input type="checkbox" name="reverse" value="1"\
${query.reverse === '1' && html` checked`}></label>
<button type="submit">Filter</button>
</form>`;
}

/** One record; `listUrl` is this very list (filter and page), where invalidating the record returns to. */
function recordRow(
  context: UiContext,
  record: CachedRecord,
  lastUse: Date | undefined,
  now: number,
  listUrl: string,
): SafeHtml {
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
<td class="last-used">${lastUse === undefined ? '—' : timeText(lastUse.toISOString(), now)}</td>
${context.allowDelete && html`<td>${invalidateForm(context, record.key, listUrl)}</td>`}
</tr>`;
}
