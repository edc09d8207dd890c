import type { PersistMode } from '../decorators/options';
import type { FlowRun } from '../context/runs';
import type { MethodDefinition } from '../definitions/MethodDefinition';
import type { Serializer } from '../serializers/Serializer';
import type { ResultStorage } from '../storage/ResultStorage';
import type { Engine } from './Engine';
import { enclosingFlows } from './flowDefinitions';

/** Where and how a call's result is persisted. */
export interface Persistence {
  readonly storage: ResultStorage;
  readonly serializer: Serializer;
  readonly mode: PersistMode;
  /** Fail the call, rather than warn, when the result cannot be serialized or a sync write fails. */
  readonly strict: boolean;
}

/**
 * How a call's result is persisted, or `undefined` when it stays in memory. Each choice is the task's own, else
 * the nearest enclosing flow's, else the engine's (settings, container bindings).
 */
export function persistenceFor(engine: Engine, task: MethodDefinition, flowRun: FlowRun | undefined): Persistence | undefined {
  const flows = enclosingFlows(flowRun);
  const pick = <K extends 'persistResult' | 'resultStorage' | 'resultSerializer' | 'persistMode' | 'strictPersistence'>(
    option: K,
  ): MethodDefinition[K] => task[option] ?? flows.find((flow) => flow[option] !== undefined)?.[option];
  if (!(pick('persistResult') ?? engine.settings.persistResultsByDefault)) return undefined;
  return {
    storage: pick('resultStorage') ?? engine.storage,
    serializer: pick('resultSerializer') ?? engine.serializer,
    mode: pick('persistMode') ?? 'sync',
    strict: pick('strictPersistence') ?? engine.settings.strictPersistence,
  };
}
