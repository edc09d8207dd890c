import type { TaskRun } from '../context/runs';
import type { MethodDefinition } from '../definitions/MethodDefinition';
import type { CacheMiss } from '../events/runEvents';
import { changedComponents, keyComponents, type KeyComponent } from '../keys/policyKey';
import { CallContext } from './computeCacheKey';
import type { Engine } from './Engine';

/** A miss, with the components that changed since the task's latest stored result when they can be known. */
export interface ExplainedMiss {
  readonly miss: CacheMiss;
  /** This call's components, to remember once its result is stored. */
  readonly components: readonly KeyComponent[] | undefined;
}

export function describeMiss(
  engine: Engine,
  task: MethodDefinition,
  taskRun: TaskRun,
  args: readonly unknown[],
  reason: CacheMiss['reason'],
): ExplainedMiss {
  const policy = task.keyRecipe.explainedBy;
  if (policy === undefined) return { miss: { reason }, components: undefined };
  let components: KeyComponent[];
  try {
    components = keyComponents(policy, new CallContext(task, taskRun, taskRun.flowRun, engine.clock), args);
  } catch {
    return { miss: { reason }, components: undefined };
  }
  const previous = engine.latestKeyComponents(task);
  if (previous === undefined) return { miss: { reason }, components };
  return { miss: { reason, changed: changedComponents(previous, components) }, components };
}
