import type { TaskRun } from '../context/runs';
import type { TaskDefinition } from '../definitions/TaskDefinition';
import { SerializationError } from '../errors/SerializationError';
import { RECORD_SIZE_SETTING } from '../records/recordSizeLimit';
import { encodeRecord } from '../records/resultRecord';
import { describeFailure, retryTransient } from '../storage/retryTransient';
import type { Engine } from './Engine';
import { trackWrite } from './flowDefinitions';
import { trackUntilExit } from './pendingWritesAtExit';
import type { Persistence } from './persistenceFor';

export interface ResultToWrite {
  readonly key: string;
  readonly value: unknown;
  readonly createdAt: number;
  readonly expiresAt: number | undefined;
  readonly durationMs: number;
}

/**
 * Turns a computed result into its record's bytes. A value the serializer refuses is reported (once per task and
 * cause) and gives `undefined`: nothing is written, the call still returns it; with strict persistence it throws.
 */
export function prepareRecord(
  engine: Engine,
  task: TaskDefinition,
  taskRun: TaskRun,
  result: ResultToWrite,
  persistence: Persistence,
): Uint8Array | undefined {
  const { serializer } = persistence;
  try {
    const payload = serializer.serialize(result.value);
    refuseOversize(serializer.id, payload.byteLength, engine.settings.maxRecordBytes);
    const record = encodeRecord(
      {
        storageKey: result.key,
        taskName: task.name,
        cacheKey: result.key,
        createdAt: new Date(result.createdAt).toISOString(),
        expiresAt: result.expiresAt === undefined ? null : new Date(result.expiresAt).toISOString(),
        serializer: serializer.id,
        ...(serializer.describe ? { serializerInfo: serializer.describe() } : {}),
        flowRunId: taskRun.flowRun?.id ?? null,
        durationMs: result.durationMs,
      },
      payload,
      { signingKeys: engine.settings.signingKeys },
    );
    refuseOversize(serializer.id, record.byteLength, engine.settings.maxRecordBytes);
    return record;
  } catch (error) {
    if (persistence.strict && error instanceof SerializationError) {
      throw new SerializationError(error.serializerId, error.path, error.reason, task.name);
    }
    if (persistence.strict) throw error;
    engine.warnOnce(
      `serialize:${task.name}`,
      `${task.name} returned a value that was not persisted (the call still returns it): ${describe(error)}`,
    );
    return undefined;
  }
}

/**
 * Writes a record, retrying transient failures (`storageRetries`). Never loses the value and never fails the
 * call: a write that fails is reported (once per task, storage and outage); only the memory tier keeps the value
 * then, so other processes recompute it. Unless persistence is strict and `sync`: then it throws. In background mode the write is tracked by the engine and
 * the enclosing flow runs, which wait for it. `true` when it was written before this
 * returned (a `sync` write: the only kind a failed commit can take back).
 */
export async function writeRecord(
  engine: Engine,
  task: TaskDefinition,
  taskRun: TaskRun,
  key: string,
  record: Uint8Array,
  persistence: Persistence,
): Promise<boolean> {
  const { storage } = persistence;
  const put = () => retryTransient(() => storage.put(key, record), engine.settings);
  if (persistence.mode === 'sync' && persistence.strict) {
    await put();
    return true;
  }
  let written = false;
  // Once per task, storage and outage: during an outage a hot task would otherwise log on every call.
  const outage = `write:${task.name}:${storage.location}`;
  const write = put().then(
    () => {
      written = true;
      engine.forgetWarning(outage);
    },
    (error: unknown) => {
      engine.warnOnce(
        outage,
        `${task.name}: writing its result under ${JSON.stringify(key)} to ${storage.location} failed ` +
          `(the call still returns it; only this process's memory keeps it, so other processes recompute it; ` +
          `further failures of this task there are not reported until a write works again): ` +
          describeFailure(error, engine.settings),
      );
    },
  );
  if (persistence.mode === 'sync') {
    await write;
    return written;
  }
  trackUntilExit(engine, write);
  trackWrite(taskRun.flowRun, write);
  return false;
}

// Readers refuse a record over the limit, so writing one would only cost a write and a warning per read.
function refuseOversize(serializerId: string, bytes: number, maxBytes: number): void {
  if (bytes <= maxBytes) return;
  throw new SerializationError(
    serializerId,
    'result',
    `its record would hold ${bytes} bytes or more, more than ${RECORD_SIZE_SETTING} allows (${maxBytes}), and readers refuse it`,
  );
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
