import { errorMessage, StorageError } from '@flowcache/core/adapters';
import type { CachedRecord, RecordMetadata } from '@flowcache/core/records';
import { formatBytes, formatDuration, formatExpiry } from '../../shared/formatValues';
import { previewText } from '../../shared/previewText';
import { isRunHistoryKey, runHistoryKeyMessage } from '../../shared/runHistoryKey';
import { html, type SafeHtml } from '../html';
import { invalidateForm } from '../parts/invalidateForm';
import { stateBadge } from '../parts/stateBadge';
import { timeText } from '../parts/timeText';
import { page, type Reply } from '../Reply';
import type { UiContext } from '../UiContext';
import { flowRunUrl, recordsUrl } from '../urls';
import { notFoundPage } from './errorPage';

// Far longer than a list's preview, still bounded: a huge value must not make a huge page.
const PREVIEW_MAX_LENGTH = 20_000;

/** `/records/<key>`: one record's metadata and a text preview of its value. */
export async function recordPage(context: UiContext, key: string): Promise<Reply> {
  // Run history sits beside the records but is not one: it is shown on the flow run pages.
  if (isRunHistoryKey(key)) return notFoundPage(runHistoryKeyMessage(key));
  const record = await context.inspector.find(key);
  if (record === undefined) return notFoundPage(`No record under the key ${key}.`);
  const value =
    record.metadata === undefined
      ? { problem: record.problem ?? 'its metadata cannot be read' }
      : await readValue(context, key);
  const now = context.now();
  return page(
    key,
    html`<h1>Record <code class="key">${key}</code></h1>
${metadataList(record, now)}
<h2>Value</h2>
${
  'problem' in value
    ? html`<p class="problem" id="record-problem">This record cannot be used: ${value.problem}</p>`
    : html`<pre id="record-value">${value.preview}</pre>`
}
<p>${invalidateForm(context, key)} <a href="${recordsUrl()}">All cached results</a></p>`,
  );
}

async function readValue(context: UiContext, key: string): Promise<{ preview: string } | { problem: string }> {
  try {
    const read = await context.inspector.read(key);
    return read === undefined
      ? { problem: 'it was deleted while being read' }
      : { preview: previewText(read.value, PREVIEW_MAX_LENGTH) };
  } catch (error) {
    // A storage failure is not the record's problem: let it reach the error page.
    if (error instanceof StorageError) throw error;
    return { problem: errorMessage(error) };
  }
}

function metadataList(record: CachedRecord, now: number): SafeHtml {
  const metadata: RecordMetadata | undefined = record.metadata;
  const status = metadata === undefined ? 'unreadable' : record.expired ? 'expired' : 'live';
  return html`<dl id="record-metadata">
<dt>Status</dt><dd>${stateBadge(status, record.problem)}</dd>
${
  metadata !== undefined &&
  html`<dt>Task</dt><dd><a href="${recordsUrl({ task: metadata.taskName })}">${metadata.taskName}</a></dd>
<dt>Cache key</dt><dd><code>${metadata.cacheKey}</code></dd>
<dt>Created</dt><dd>${timeText(metadata.createdAt, now)} <span class="muted">${metadata.createdAt}</span></dd>
<dt>Expires</dt><dd>${formatExpiry(metadata.expiresAt, now)} <span class="muted">${metadata.expiresAt ?? ''}</span></dd>
<dt>Computed in</dt><dd>${formatDuration(metadata.durationMs)}</dd>
<dt>Flow run</dt><dd>${flowRunLink(metadata.flowRunId)}</dd>
<dt>Serializer</dt><dd><code>${metadata.serializer}</code>${serializerInfo(metadata)}</dd>
<dt>Payload</dt><dd>${formatBytes(metadata.payloadLength)}</dd>
<dt>Digest</dt><dd><code>${metadata.digest}</code></dd>
<dt>Written by</dt><dd>flowcache ${metadata.libraryVersion} (record format ${metadata.formatVersion})</dd>`
}
<dt>Stored</dt><dd>${formatBytes(record.size)}, modified ${timeText(record.modifiedAt.toISOString(), now)}</dd>
</dl>`;
}

function flowRunLink(flowRunId: string | null): SafeHtml {
  return flowRunId === null
    ? html`<span class="muted">none</span>`
    : html`<a href="${flowRunUrl(flowRunId)}">${flowRunId}</a>`;
}

function serializerInfo(metadata: RecordMetadata): SafeHtml {
  const entries = Object.entries(metadata.serializerInfo ?? {});
  return html`${entries.map(([name, value]) => html` <span class="muted">${name}=${value}</span>`)}`;
}
