import type { CacheKeyFn } from '../decorators/options';
import type { MethodDefinition } from '../definitions/MethodDefinition';
import { sharedStorageKey } from '../keys/storageKeyTemplate';
import { taskInputHash } from '../keys/taskInputHash';
import type { CachePolicy } from '../policies/CachePolicy';
import { DEFAULT, INPUTS, TASK_SOURCE } from '../policies/policies';
import { RunId } from '../policies/singlePolicies';

/** How a task's keys are made: by its key function, or by a policy (`DEFAULT` when it names none). */
export type KeyRecipe =
  | {
      readonly kind: 'cacheKeyFn';
      readonly keyFn: CacheKeyFn;
      readonly explainedBy: CachePolicy | undefined;
      /** The one key of every call, for a `resultStorageKey` without placeholders. */
      readonly sharedKey: string | undefined;
    }
  | { readonly kind: 'cachePolicy'; readonly policy: CachePolicy };

// Key functions of flowcache's own whose ingredients are known, so their misses can be explained.
const explainedKeyFns = new Map<CacheKeyFn, CachePolicy>([[taskInputHash, INPUTS.add(TASK_SOURCE)]]);

const recipes = new WeakMap<MethodDefinition, KeyRecipe>();

export function keyRecipe(task: MethodDefinition): KeyRecipe {
  let recipe = recipes.get(task);
  if (recipe === undefined) {
    recipe =
      task.cacheKeyFn !== undefined
        ? {
            kind: 'cacheKeyFn',
            keyFn: task.cacheKeyFn,
            explainedBy: explainedKeyFns.get(task.cacheKeyFn),
            sharedKey: sharedStorageKey(task.cacheKeyFn),
          }
        : { kind: 'cachePolicy', policy: task.cachePolicy ?? DEFAULT };
    recipes.set(task, recipe);
  }
  return recipe;
}

/** The policy whose parts describe a task's keys, when they can be known. */
export function explainingPolicy(recipe: KeyRecipe): CachePolicy | undefined {
  return recipe.kind === 'cachePolicy' ? recipe.policy : recipe.explainedBy;
}

/** Whether the task's key includes RUN_ID, which outside a flow is each call's own task run id. */
export function keyedByRunId(task: MethodDefinition): boolean {
  const recipe = keyRecipe(task);
  return recipe.kind === 'cachePolicy' && recipe.policy.members.some((member) => member instanceof RunId);
}
