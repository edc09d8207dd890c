import type { TaskRun } from '../context/runs';
import type { TaskDefinition } from '../definitions/TaskDefinition';
import { SerializationError } from '../errors/SerializationError';
import { encodeRecord } from '../records/resultRecord';
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
 * Writes a computed result as a record. Never loses the value and never fails the call: a value the serializer
 * refuses, or a write that fails, is reported (once per task and cause) and nothing is written — unless
 * persistence is strict, where both fail the call (a background write can only be reported). In background
 * mode the write is tracked by the engine and the enclosing flow runs, which wait for it.
 */
export async function writeResult(
  engine: Engine,
  task: TaskDefinition,
  taskRun: TaskRun,
  result: ResultToWrite,
  persistence: Persistence,
): Promise<void> {
  const { storage, serializer } = persistence;
  let record: Uint8Array;
  try {
    const payload = serializer.serialize(result.value);
    record = encodeRecord(
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
    );
  } catch (error) {
    if (persistence.strict && error instanceof SerializationError) {
      throw new SerializationError(error.serializerId, error.path, error.reason, task.name);
    }
    if (persistence.strict) throw error;
    engine.warnOnce(
      `serialize:${task.name}`,
      `${task.name} returned a value that was not persisted (the call still returns it): ${describe(error)}`,
    );
    return;
  }
  if (persistence.mode === 'sync' && persistence.strict) return storage.put(result.key, record);
  const write = storage.put(result.key, record).catch((error: unknown) => {
    engine.logger.warn(
      `${task.name}: writing its result under ${JSON.stringify(result.key)} to ${storage.location} failed ` +
        `(the call still returns it; the next call recomputes): ${describe(error)}`,
    );
  });
  if (persistence.mode === 'sync') return write;
  trackUntilExit(engine, write);
  trackWrite(taskRun.flowRun, write);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
