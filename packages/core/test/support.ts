import 'reflect-metadata';
import { Container } from 'inversify';
import {
  Engine,
  installFlowcache,
  type FlowcacheSettings,
  type ResultStorage,
  type FlowRunEvent,
  type TaskRunEvent,
} from '../src';
import { COMMIT_MARKER_PREFIX, RUN_HISTORY_PREFIX } from '../src/records';
import { RecordingLogger } from '../../../test/support/recordingLogger';
import { manualClock, type ManualClock } from './support/manualClock';

export { RecordingLogger } from '../../../test/support/recordingLogger';
export { manualClock, type ManualClock } from './support/manualClock';

/** A container with flowcache installed, its engine, and everything the engine reported. */
export function installedContainer(): {
  container: Container;
  engine: Engine;
  logger: RecordingLogger;
  taskRuns: TaskRunEvent[];
  flowRuns: FlowRunEvent[];
} {
  const container = new Container();
  const logger = new RecordingLogger();
  const engine = installFlowcache(container, { logger });
  const taskRuns: TaskRunEvent[] = [];
  const flowRuns: FlowRunEvent[] = [];
  engine.onTaskRun((event) => taskRuns.push(event));
  engine.onFlowRun((event) => flowRuns.push(event));
  return { container, engine, logger, taskRuns, flowRuns };
}

export function states(events: readonly TaskRunEvent[]): string[] {
  return events.map((event) => `${event.taskName}:${event.state}`);
}

/** An engine with a recording logger, a clock the test moves by hand, and the task runs it reported. */
export function testEngine(settings: Partial<FlowcacheSettings> = {}): {
  engine: Engine;
  logger: RecordingLogger;
  events: TaskRunEvent[];
  clock: ManualClock;
} {
  const logger = new RecordingLogger();
  const clock = manualClock();
  const engine = new Engine({ logger, settings, clock: clock.read });
  const events: TaskRunEvent[] = [];
  engine.onTaskRun((event) => events.push(event));
  return { engine, logger, events, clock };
}

/**
 * The keys of the records in a storage, in key order, leaving out the run history and commit markers kept beside
 * them.
 */
export async function recordKeys(storage: ResultStorage): Promise<string[]> {
  const keys: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await storage.list('', { cursor });
    const bookkeeping = (key: string) => key.startsWith(RUN_HISTORY_PREFIX) || key.startsWith(COMMIT_MARKER_PREFIX);
    keys.push(...page.objects.map((object) => object.key).filter((key) => !bookkeeping(key)));
    cursor = page.cursor;
  } while (cursor !== undefined);
  return keys;
}

/** A promise with its resolve function, to order steps without timers. */
export function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

/** Resolves once every callback already queued has run (a call that could join or return has done so). */
export function queuedCallbacks(): Promise<void> {
  return new Promise<void>((resolve) => setImmediate(resolve));
}
