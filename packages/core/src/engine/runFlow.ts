import { performance } from 'node:perf_hooks';
import { bindParameters } from '../context/bindParameters';
import { activeRuns, runInFlowRun } from '../context/runContext';
import { newRunId } from '../context/runIds';
import { ActiveFlowRun } from '../context/ActiveFlowRun';
import type { MethodDefinition } from '../definitions/MethodDefinition';
import type { FlowRunEvent, FlowRunState } from '../events/runEvents';
import type { FlowRunTelemetry } from '../telemetry/Telemetry';
import type { Engine } from './Engine';
import { finishRecording, startRecording } from './recordRunHistory';
import { AttemptCounter, runAttempts } from './runAttempts';

/**
 * The path of one `@Flow` call: open a flow run (a subflow inside another flow), run the body in it with
 * retries (every retry keeps the run, so its tasks' default keys hit), wait for its tasks' background writes,
 * then report the run and write its history (one object per top-level flow run).
 */
export async function runFlow(
  engine: Engine,
  flow: MethodDefinition,
  instance: object,
  args: unknown[],
): Promise<unknown> {
  const startedAt = performance.now();
  const active = activeRuns();
  const flowRun = new ActiveFlowRun(
    (active?.flowRun === undefined ? active?.resumeFlowRunId : undefined) ?? newRunId(),
    flow,
    bindParameters(flow.parameterNames, flow.hasRestParameter, args),
    active?.flowRun,
    startRecording(engine, active?.flowRun),
  );
  const attempts = new AttemptCounter();
  const span = engine.telemetry?.startFlowRun(flowRun);
  const runBody = () => runInFlowRun(flowRun, () => flow.body.apply(instance, args));
  try {
    const value = await runAttempts(flow, attempts, () => (span === undefined ? runBody() : span.run(runBody)));
    await flowRun.awaitWrites(); // background writes of its tasks finish before the flow returns
    await report(engine, flow, flowRun, 'Completed', startedAt, attempts.count, span);
    return value;
  } catch (error) {
    await report(engine, flow, flowRun, 'Failed', startedAt, attempts.count, span, error);
    throw error;
  }
}

// Emits the flow-run event to listeners and ends the run's history.
async function report(
  engine: Engine,
  flow: MethodDefinition,
  flowRun: ActiveFlowRun,
  state: FlowRunState,
  startedAt: number,
  attempts: number,
  span: FlowRunTelemetry | undefined,
  error?: unknown,
): Promise<void> {
  const endedAt = performance.now();
  const event: FlowRunEvent = {
    flowName: flowRun.name,
    flowRunId: flowRun.id,
    parentFlowRunId: flowRun.parent?.id,
    parameters: flowRun.parameters,
    state,
    startedAt: flowRun.startedAt,
    // From the start date and the monotonic duration: wall-clock time read twice could end before it started.
    endedAt: new Date(flowRun.startedAt.getTime() + (endedAt - startedAt)),
    durationMs: endedAt - startedAt,
    attempts,
    ...(state === 'Failed' ? { error } : {}),
  };
  span?.end(event);
  if (!engine.flowRunListeners.isEmpty) engine.flowRunListeners.emit(event);
  await finishRecording(engine, flow, flowRun, event);
}
