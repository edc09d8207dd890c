import type { MethodDefinition } from '../definitions/MethodDefinition';
import type { FlowRunRecording } from '../history/FlowRunRecording';
import type { FlowRun } from './runs';

const MAX_KNOWN_KEYS = 4096;

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
  /** Keys computed in this run, by task and sole argument (see `knownKey`). */
  readonly #keys = new Map<MethodDefinition, Map<unknown, string>>();
  #keysKept = 0;

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

  /**
   * The key computed earlier in this run for a call of `task` with this sole argument (a primitive), when the
   * task's key depends on nothing else within a run (`KeyRecipe.sameWithinFlowRun`): a loop of calls with one id
   * looks its key up instead of hashing it again.
   */
  knownKey(task: MethodDefinition, argument: unknown): string | undefined {
    return this.#keys.get(task)?.get(argument);
  }

  /** Keeps a key for `knownKey`; at most MAX_KNOWN_KEYS per run (then it starts over). */
  rememberKey(task: MethodDefinition, argument: unknown, key: string): void {
    if (this.#keysKept >= MAX_KNOWN_KEYS) {
      this.#keys.clear();
      this.#keysKept = 0;
    }
    let byArgument = this.#keys.get(task);
    if (byArgument === undefined) this.#keys.set(task, (byArgument = new Map()));
    if (!byArgument.has(argument)) this.#keysKept++;
    byArgument.set(argument, key);
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
