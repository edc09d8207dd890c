import type { CacheKeyFn } from '../decorators/options';
import { sharedStorageKey } from '../keys/storageKeyTemplate';
import { taskInputHash } from '../keys/taskInputHash';
import type { CachePolicy } from '../policies/CachePolicy';
import { DEFAULT, INPUTS, TASK_SOURCE } from '../policies/policies';
import { RunId } from '../policies/singlePolicies';

/** How a task's keys are made, decided once when its method is decorated. */
export type KeyRecipe =
  | {
      readonly kind: 'cacheKeyFn';
      readonly keyFn: CacheKeyFn;
      /** The policy whose parts describe the keys, for key functions of flowcache's own; else `undefined`. */
      readonly explainedBy: CachePolicy | undefined;
      /** The one key of every call, for a `resultStorageKey` without placeholders. */
      readonly sharedKey: string | undefined;
      readonly keyedByRunId: false;
    }
  | {
      readonly kind: 'cachePolicy';
      readonly policy: CachePolicy;
      readonly explainedBy: CachePolicy;
      /** Whether the key includes RUN_ID, which outside a flow is each call's own task run id. */
      readonly keyedByRunId: boolean;
    };

// Key functions of flowcache's own whose ingredients are known, so their misses can be explained.
const explainedKeyFns = new Map<CacheKeyFn, CachePolicy>([[taskInputHash, INPUTS.add(TASK_SOURCE)]]);

/** The recipe of a task with these options: its key function when it has one, else its policy, else `DEFAULT`. */
export function keyRecipe(cacheKeyFn: CacheKeyFn | undefined, cachePolicy: CachePolicy | undefined): KeyRecipe {
  if (cacheKeyFn !== undefined) {
    return {
      kind: 'cacheKeyFn',
      keyFn: cacheKeyFn,
      explainedBy: explainedKeyFns.get(cacheKeyFn),
      sharedKey: sharedStorageKey(cacheKeyFn),
      keyedByRunId: false,
    };
  }
  const policy = cachePolicy ?? DEFAULT;
  return {
    kind: 'cachePolicy',
    policy,
    explainedBy: policy,
    keyedByRunId: policy.members.some((member) => member instanceof RunId),
  };
}
