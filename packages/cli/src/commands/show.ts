import type { Command } from 'commander';
import { errorMessage, isStorageKey, StorageError } from '@flowcache/core/adapters';
import type { CachedRecord } from '@flowcache/core/records';
import { usageError } from '../CliError';
import { runWithContext, type CommandContext } from '../CommandContext';
import { formatFields } from '../output/formatTable';
import { terminalSafeCell } from '../output/terminalSafe';
import { recordJson } from '../output/recordJson';
import { formatBytes, formatDuration, formatExpiry, formatRelative, formatTime } from '../shared/formatValues';
import { previewText } from '../shared/previewText';
import { isRunHistoryKey, runHistoryKeyMessage } from '../shared/runHistoryKey';

// Long enough to recognise a value, short enough that a huge result never floods the terminal.
const PREVIEW_LENGTH = 2000;
// Enough to tell several keys apart at a glance, few enough to keep the message short.
const CANDIDATES_SHOWN = 5;

/** `flowcache show <key>`: one record's metadata and a text preview of its value. */
export function registerShow(program: Command): void {
  program
    .command('show')
    .description("show a record's metadata and a preview of its value, expired or not")
    .argument('<key>', 'the record key, or the beginning of it shown by `ls`')
    .action((key: string, _options: unknown, command: Command) =>
      runWithContext(command, (context) => showRecord(context, key)),
    );
}

async function showRecord(context: CommandContext, key: string): Promise<void> {
  const record = await findRecord(context, key);
  const { value, problem } = await readPreview(context, record);
  if (context.json) {
    context.printJson({
      storage: context.location,
      ...recordJson({ ...record, problem }),
      metadata: record.metadata ?? null,
      preview: value ?? null,
    });
    return;
  }
  const metadata = record.metadata;
  const fields: [string, string][] = [['key', record.key]];
  if (metadata !== undefined) {
    fields.push(
      ['task', metadata.taskName],
      ['cache key', metadata.cacheKey],
      ['created', `${formatTime(metadata.createdAt)} (${formatRelative(metadata.createdAt)})`],
      [
        'expires',
        metadata.expiresAt === null
          ? 'never'
          : `${formatTime(metadata.expiresAt)} (${formatExpiry(metadata.expiresAt)})`,
      ],
      ['size', `${formatBytes(record.size)} (value ${formatBytes(metadata.payloadLength)})`],
      ['serializer', metadata.serializer],
      ['flow run', metadata.flowRunId ?? '-'],
      ['computed in', formatDuration(metadata.durationMs)],
      ['written by', `flowcache ${metadata.libraryVersion}`],
    );
  } else {
    fields.push(['size', formatBytes(record.size)]);
  }
  fields.push(['storage', context.location]);
  if (problem !== undefined) fields.push(['unreadable', problem]);
  else fields.push(['value', value ?? '-']);
  context.print(formatFields(fields));
}

/**
 * The record under the key, else the one record whose key starts with it (`ls` shortens long keys, and the
 * shortened text, `…` included, must still name the record). Unknown, ambiguous or run history: exit code 2.
 */
async function findRecord(context: CommandContext, key: string): Promise<CachedRecord> {
  if (isRunHistoryKey(key)) throw usageError(runHistoryKeyMessage(key));
  const exact = isStorageKey(key) ? await context.inspector.find(key) : undefined;
  if (exact !== undefined) return exact;
  const prefix = key.replace(/(…|\.\.\.)$/, '');
  const matches = prefix === '' ? [] : await firstRecords(context, prefix, CANDIDATES_SHOWN + 1);
  if (matches.length === 1) return matches[0];
  if (matches.length > 1) {
    const candidates = matches.slice(0, CANDIDATES_SHOWN).map((match) => `  ${terminalSafeCell(match.key)}`);
    if (matches.length > CANDIDATES_SHOWN) candidates.push('  …and more');
    throw usageError(
      `"${terminalSafeCell(key)}" is the beginning of several keys in ` +
        `${context.location}; give more of it:\n${candidates.join('\n')}`,
    );
  }
  throw usageError(`no record under key "${terminalSafeCell(key)}" in ${context.location}`);
}

async function firstRecords(context: CommandContext, prefix: string, count: number): Promise<CachedRecord[]> {
  const found: CachedRecord[] = [];
  for await (const record of context.inspector.records({ prefix })) {
    found.push(record);
    if (found.length === count) break;
  }
  return found;
}

/** The value as safe one-line text, or why it cannot be read (then the metadata is all there is to show). */
async function readPreview(
  context: CommandContext,
  record: CachedRecord,
): Promise<{ value?: string; problem?: string }> {
  if (record.problem !== undefined) return { problem: record.problem };
  try {
    const stored = await context.inspector.read(record.key);
    if (stored === undefined) return { problem: 'it was deleted while being read' };
    return { value: previewText(stored.value, PREVIEW_LENGTH) };
  } catch (error) {
    if (error instanceof StorageError) throw error; // the storage failed, not the record: exit code 1
    return { problem: errorMessage(error) };
  }
}
