import type { FlowRun } from '../context/runs';
import type { MethodDefinition } from '../definitions/MethodDefinition';

const definitions = new WeakMap<FlowRun, MethodDefinition>();
const pendingWrites = new WeakMap<FlowRun, Set<Promise<void>>>();

export function rememberFlowDefinition(flowRun: FlowRun, flow: MethodDefinition): void {
  definitions.set(flowRun, flow);
}

/** The definitions of the flow run and of the flows it runs inside, nearest first. */
export function enclosingFlows(flowRun: FlowRun | undefined): MethodDefinition[] {
  const flows: MethodDefinition[] = [];
  for (let run = flowRun; run !== undefined; run = run.parent) {
    const definition = definitions.get(run);
    if (definition !== undefined) flows.push(definition);
  }
  return flows;
}

/** Registers a background write with the flow run (and its parents), which wait for it before they return. */
export function trackWrite(flowRun: FlowRun | undefined, write: Promise<void>): void {
  for (let run = flowRun; run !== undefined; run = run.parent) {
    let writes = pendingWrites.get(run);
    if (writes === undefined) {
      writes = new Set();
      pendingWrites.set(run, writes);
    }
    writes.add(write);
    void write.finally(() => writes.delete(write));
  }
}

/** Waits for the background writes the flow run's tasks started. */
export async function awaitWrites(flowRun: FlowRun): Promise<void> {
  const writes = pendingWrites.get(flowRun);
  while (writes !== undefined && writes.size > 0) await Promise.all([...writes]);
}
