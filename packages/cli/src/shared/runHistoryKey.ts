import { RUN_HISTORY_PREFIX } from '@flowcache/core/records';

/**
 * Whether a key names a run-history object: kept beside the records, under the same storage, but never a record
 * (the inspector neither finds, reads nor deletes one).
 */
export function isRunHistoryKey(key: string): boolean {
  return key.startsWith(RUN_HISTORY_PREFIX);
}

/** Why `show`, `rm` and the web UI refuse a run-history key: the same words everywhere, with where to look instead. */
export function runHistoryKeyMessage(key: string): string {
  return (
    `"${key}" is a flow-run history object, not a cached record: use \`flowcache ` +
    `run <flowRunId>\` to see its flow run (\`flowcache runs\` lists them)`
  );
}
