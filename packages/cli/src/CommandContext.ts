import type { Command } from 'commander';
import { ConfigurationError, findSerializer, StorageError, StorageKeyError } from '@flowcache/core';
import { errorMessage } from '@flowcache/core/adapters';
import type { CacheInspector, CacheInspectorOptions } from '@flowcache/core/records';
import { CliError, EXIT_FAILED, usageError } from './CliError';
import { openInspector } from './openInspector';
import { terminalSafe, terminalSafeJson } from './output/terminalSafe';
import { resolveStorageUrl, storageHint } from './storageLocation';

/** What every command works with: the inspector on the chosen storage, and where its output goes. */
export interface CommandContext {
  readonly inspector: CacheInspector;
  /** The storage's location (`file:///…`, `s3://…`), for messages. */
  readonly location: string;
  /** `--json`: stdout carries one JSON document and nothing else. */
  readonly json: boolean;
  /** Writes a line of human-readable output to stdout, control characters spelled out (`terminalSafe`). */
  print(text: string): void;
  /** Writes the command's JSON document to stdout: exact, with the characters a terminal acts on `\u`-escaped. */
  printJson(value: unknown): void;
  /** Writes a remark to stderr, where it never mixes with output a script parses (control characters spelled out). */
  note(text: string): void;
}

/** The global options, as commander parses them. */
interface GlobalOptions {
  storage?: string;
  json?: boolean;
  maxRecordBytes?: number;
  allowSerializer?: string[];
}

/**
 * Runs a command's action with its context. Failures become `CliError`s: a bad key or storage URL exits with 2,
 * anything else that goes wrong on the storage with 1 and a message naming the storage and what to check.
 */
export async function runWithContext(
  command: Command,
  action: (context: CommandContext) => Promise<void>,
): Promise<void> {
  const { storage, json = false, maxRecordBytes, allowSerializer = [] } = command.optsWithGlobals<GlobalOptions>();
  const note = (text: string) =>
    process.stderr.write(`flowcache: ${terminalSafe(text)}
`);
  const { url, source } = resolveStorageUrl(storage);
  const inspector = await openInspector(url, source, note, inspectorOptions(maxRecordBytes, allowSerializer));
  const location = inspector.storage.location;
  const context: CommandContext = {
    inspector,
    location,
    json,
    print: (text) => process.stdout.write(`${terminalSafe(text)}\n`),
    printJson: (value) => process.stdout.write(`${terminalSafeJson(value)}\n`),
    note,
  };
  try {
    await action(context);
  } catch (error) {
    if (error instanceof CliError) throw error;
    if (error instanceof StorageKeyError || error instanceof ConfigurationError) throw usageError(error.message);
    // A StorageError's message already names the storage, the operation and the key.
    const message = error instanceof StorageError ? error.message : `${location}: ${errorMessage(error)}`;
    throw new CliError(`${message}\nflowcache: ${storageHint(location)}`, EXIT_FAILED, { cause: error });
  }
}

/**
 * What the inspector may read: records up to `--max-record-bytes` (else `FLOWCACHE_MAX_RECORD_BYTES`, as an
 * engine reads it), decoded with the built-in serializers and those named by `--allow-serializer`, which must be
 * registered in this process (by a module preloaded with `node --require`).
 */
function inspectorOptions(maxRecordBytes: number | undefined, allowed: readonly string[]): CacheInspectorOptions {
  const fromEnv = process.env.FLOWCACHE_MAX_RECORD_BYTES?.trim();
  if (maxRecordBytes === undefined && fromEnv !== undefined && fromEnv !== '') {
    maxRecordBytes = Number(fromEnv);
    if (!/^\d+$/.test(fromEnv) || !Number.isSafeInteger(maxRecordBytes) || maxRecordBytes < 1) {
      throw usageError(`environment variable FLOWCACHE_MAX_RECORD_BYTES must be a positive integer, got "${fromEnv}"`);
    }
  }
  const serializers = allowed.map((id) => {
    const serializer = findSerializer(id);
    if (serializer === undefined) {
      throw usageError(
        `--allow-serializer ${id}: no serializer "${id}" is registered in this process; preload the module that ` +
          `registers it: NODE_OPTIONS="--require ./register-serializers.js" flowcache ...`,
      );
    }
    return serializer;
  });
  return { maxRecordBytes, serializers };
}
