import { activeRuns } from '../context/runContext';
import { ActiveTaskRun } from '../context/ActiveTaskRun';
import { definitionOf } from '../definitions/definitionRegistry';
import { TaskDefinitionError } from '../errors/TaskDefinitionError';
import { keyComponents, policyKey, type KeyComponent } from '../keys/policyKey';
import { CallContext } from './computeCacheKey';
import { attachedEngine } from './Engine';

/** What `explainKey` tells about a call's key. */
export interface KeyExplanation {
  readonly task: string;
  /** The key the call would have now; `undefined` when it would not be cached. */
  readonly key: string | undefined;
  /** `cacheKeyFn`, or the policy that makes the key (`inputs + runId + taskSource`). */
  readonly madeBy: string;
  /**
   * The key's ingredients, each hashed on its own (`inputs.day`, `taskSource`, `runId`...), so two calls can be
   * compared part by part. Empty for a custom `cacheKeyFn`, whose ingredients flowcache cannot know.
   */
  readonly components: readonly KeyComponent[];
}

/**
 * Explains the key a call of a `@Task` method would have now, in the current flow run if any (outside a flow,
 * RUN_ID is a new task run id, so a task keyed by it never hits there). Unlike a call, it throws what stops a
 * key from being computed (`UnhashableInputError`, the key function's error), to show why a call ran uncached.
 *
 * @example
 * ```ts
 * const { key, components } = explainKey(reports, 'loadSales', ['2026-11-26']);
 * ```
 */
export function explainKey<T extends object>(
  instance: T,
  methodName: keyof T & string,
  args: unknown[],
): KeyExplanation {
  const task = definitionOf(instance, methodName);
  if (task === undefined || task.kind !== 'task') {
    throw new TaskDefinitionError(`${instance.constructor.name}.${methodName} is not a @Task method`);
  }
  const active = activeRuns();
  const taskRun = new ActiveTaskRun(task, active?.flowRun, active?.taskRun);
  const context = new CallContext(task, taskRun, taskRun.flowRun, attachedEngine(instance)?.clock ?? Date.now);
  const recipe = task.keyRecipe;
  const key = recipe.kind === 'cacheKeyFn' ? recipe.keyFn(context, args) : policyKey(recipe.policy, context, args);
  const policy = recipe.explainedBy;
  return {
    task: task.name,
    key: key ?? undefined,
    madeBy: recipe.kind === 'cacheKeyFn' ? 'cacheKeyFn' : recipe.policy.toString(),
    components: policy === undefined ? [] : keyComponents(policy, context, args),
  };
}
