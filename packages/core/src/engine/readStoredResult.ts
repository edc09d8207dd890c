import type { MethodDefinition } from '../definitions/MethodDefinition';
import { CorruptRecordError } from '../errors/CorruptRecordError';
import type { CacheMiss } from '../events/runEvents';
import { oversizeRecordError } from '../records/recordSizeLimit';
import { decodeRecord, type RecordMetadata } from '../records/resultRecord';
import { sameSerializer } from '../serializers/sameSerializer';
import { describeFailure, retryTransient } from '../storage/retryTransient';
import { measureStorage } from '../telemetry/measureStorage';
import { commitIsVisible } from './commitIsVisible';
import type { Engine } from './Engine';
import type { Persistence } from './persistenceFor';
import { errorMessage } from '../errors/errorMessage';

export interface StoredResult {
  readonly value: unknown;
  readonly metadata: RecordMetadata;
}

/**
 * The unexpired result stored under the key, or why there is none to use. Nothing read from storage ever fails
 * the call: a missing, corrupt, truncated, unknown-format or unreadable record is a miss, with one warning; so is,
 * with signing keys set, a record that fails verification. A stored record is untrusted: it is decoded only with
 * the task's own serializer (a record naming another is a miss), and a record larger than `maxRecordBytes`,
 * stored or decompressed, is a miss without being read whole. A read failing with a transient error is retried
 * first (`storageRetries`): a miss would run the body, and its side effects, again. An unreadable storage warns
 * once per outage: the first read that works again re-arms the warning.
 */
export async function readStoredResult(
  engine: Engine,
  task: MethodDefinition,
  key: string,
  persistence: Persistence,
): Promise<StoredResult | CacheMiss['reason']> {
  const { storage, serializer } = persistence;
  const maxBytes = engine.settings.maxRecordBytes;
  const refuse = (reason: string): 'unreadable' => {
    const message = `${task.name} recomputes and overwrites a stored result in ${storage.location}: ${reason}`;
    engine.warnOnce(`corrupt:${storage.location}:${key}`, message);
    return 'unreadable';
  };
  let bytes: Uint8Array | undefined;
  const outage = `read:${storage.location}`;
  try {
    const read = () => retryTransient(() => storage.get(key, { maxBytes }), engine.settings);
    bytes = await measureStorage(engine.telemetry, 'read', storage, read);
  } catch (error) {
    const oversize = oversizeRecordError(key, error);
    if (oversize !== undefined) return refuse(oversize.message);
    engine.warnOnce(outage, `${task.name} runs without its stored result: ${describeFailure(error, engine.settings)}`);
    return 'unreadable';
  }
  engine.forgetWarning(outage);
  if (bytes === undefined) return 'absent';
  try {
    const { metadata, payload } = decodeRecord(key, bytes, { signingKeys: engine.settings.signingKeys });
    if (metadata.expiresAt !== null && Date.parse(metadata.expiresAt) <= engine.clock()) return 'expired';
    if (metadata.commitId !== undefined && !(await commitIsVisible(engine, task, storage, metadata))) return 'uncommitted';
    if (!sameSerializer(metadata.serializer, serializer.id)) {
      throw new CorruptRecordError(
        key,
        // The id is checked to be printable ASCII (recordMetadataSchema); quoted all the same, as all record text is.
        `it was written by serializer ${JSON.stringify(metadata.serializer)}, and ${task.name} reads records only with its own, "${serializer.id}"`,
      );
    }
    return { value: serializer.deserialize(payload, { maxBytes }), metadata };
  } catch (error) {
    return refuse(errorMessage(oversizeRecordError(key, error) ?? error));
  }
}
