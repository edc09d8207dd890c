import type { MethodDefinition } from '../definitions/MethodDefinition';
import type { FlowRunRecording } from '../history/FlowRunRecording';
import type { FlowRun } from './runs';

/**
 * A flow run while it runs: what its tasks need besides its public fields (the flow's definition, for the
 * persistence options they inherit; the background writes they started, which the run waits for; its run
 * history being recorded). Private fields: `currentFlowRun()` hands this object to user code.
 */
export class ActiveFlowRun implements FlowRun {
  readonly id: string;
  readonly name: string;
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly parent: ActiveFlowRun | undefined;
  readonly startedAt = new Date();
  readonly #flow: MethodDefinition;
  readonly #pendingWrites = new Set<Promise<void>>();
  #recording: FlowRunRecording | undefined;

  constructor(
    id: string,
    flow: MethodDefinition,
    parameters: Readonly<Record<string, unknown>>,
    parent: ActiveFlowRun | undefined,
    recording: FlowRunRecording | undefined,
  ) {
    this.id = id;
    this.name = flow.name;
    this.parameters = parameters;
    this.parent = parent;
    this.#flow = flow;
    this.#recording = recording;
  }

  /** Its run history being recorded, until the run ends; `undefined` when the engine keeps none. */
  get recording(): FlowRunRecording | undefined {
    return this.#recording;
  }

  /** Ends the recording: the run history is then written, or joins the parent's. */
  takeRecording(): FlowRunRecording | undefined {
    const recording = this.#recording;
    this.#recording = undefined;
    return recording;
  }

  /** The definitions of this flow and of the flows it runs inside, nearest first. */
  enclosingFlows(): MethodDefinition[] {
    const flows: MethodDefinition[] = [];
    for (let run: ActiveFlowRun | undefined = this; run !== undefined; run = run.parent) flows.push(run.#flow);
    return flows;
  }

  /** Registers a background write with this run and its parents, which wait for it before they return. */
  trackWrite(write: Promise<void>): void {
    for (let run: ActiveFlowRun | undefined = this; run !== undefined; run = run.parent) {
      const writes = run.#pendingWrites;
      writes.add(write);
      void write.finally(() => writes.delete(write));
    }
  }

  /** Waits for the background writes this run's tasks started. */
  async awaitWrites(): Promise<void> {
    while (this.#pendingWrites.size > 0) await Promise.all([...this.#pendingWrites]);
  }
}
