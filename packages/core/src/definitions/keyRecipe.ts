import type { CacheKeyFn } from '../decorators/options';
import { sharedStorageKey } from '../keys/storageKeyTemplate';
import { taskInputHash } from '../keys/taskInputHash';
import type { CachePolicy } from '../policies/CachePolicy';
import { DEFAULT, INPUTS, TASK_SOURCE } from '../policies/policies';
import { Inputs } from '../policies/Inputs';
import { RunId, TaskSource } from '../policies/singlePolicies';

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
      readonly sameWithinFlowRun: false;
    }
  | {
      readonly kind: 'cachePolicy';
      readonly policy: CachePolicy;
      readonly explainedBy: CachePolicy;
      /** Whether the key includes RUN_ID, which outside a flow is each call's own task run id. */
      readonly keyedByRunId: boolean;
      /**
       * Whether, within one flow run, the key depends on the call's arguments alone: the policy is made of INPUTS,
       * TASK_SOURCE and RUN_ID only (not subclasses, nor a custom policy that could read anything else).
       */
      readonly sameWithinFlowRun: boolean;
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
      sameWithinFlowRun: false,
    };
  }
  const policy = cachePolicy ?? DEFAULT;
  return {
    kind: 'cachePolicy',
    policy,
    explainedBy: policy,
    keyedByRunId: policy.members.some((member) => member instanceof RunId),
    sameWithinFlowRun: policy.members.every((member) => FIXED_WITHIN_FLOW_RUN.has(member.constructor)),
  };
}

// The built-in policies whose parts, within one flow run, follow from the call's arguments alone.
const FIXED_WITHIN_FLOW_RUN = new Set<unknown>([Inputs, TaskSource, RunId]);
