import type { ActiveFlowRun } from '../context/ActiveFlowRun';
import type { MethodDefinition } from '../definitions/MethodDefinition';
import { errorMessage } from '../errors/errorMessage';
import type { FlowRunEvent } from '../events/runEvents';
import { FlowRunRecording } from '../history/FlowRunRecording';
import { encodeRunHistory, runHistoryKey } from '../history/RunHistory';
import { describeFailure, retryTransient } from '../storage/retryTransient';
import type { Engine } from './Engine';

/** The recording of a new flow run's history, when the engine keeps run history (see `FlowRunRecording`). */
export function startRecording(engine: Engine, parent: ActiveFlowRun | undefined): FlowRunRecording | undefined {
  if (!engine.settings.runHistory) return undefined;
  return FlowRunRecording.start(parent?.recording, engine.settings.runHistoryDetail);
}

/**
 * Ends a flow run's recording: a subflow joins its parent's history; a top-level flow run is written as one
 * object to the flow's result storage (else the engine's): one write per flow run, whatever it ran, finished
 * before the flow returns so that another process can list it at once. A failed write is reported, never thrown.
 */
export async function finishRecording(
  engine: Engine,
  flow: MethodDefinition,
  flowRun: ActiveFlowRun,
  event: FlowRunEvent,
): Promise<void> {
  const recording = flowRun.takeRecording();
  if (recording === undefined) return;
  const summary = recording.finish(event, flowRun.parent?.recording);
  if (summary === undefined) return;
  let storage;
  try {
    storage = flow.resultStorage ?? engine.storage;
  } catch (error) {
    engine.warnOnce('run-history-storage', `run history is not kept: ${errorMessage(error)}`);
    return;
  }
  try {
    const key = runHistoryKey(flowRun.id, flowRun.startedAt, recording.sequence);
    const history = encodeRunHistory(summary);
    await retryTransient(() => storage.put(key, history), engine.settings);
  } catch (error) {
    engine.warnOnce(
      `run-history:${storage.location}`,
      `the history of flow run ${flowRun.id} (${flowRun.name}) was not written to ${storage.location}: ` +
        describeFailure(error, engine.settings),
    );
  }
}
