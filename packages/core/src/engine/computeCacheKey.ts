import type { ActiveTaskRun } from '../context/ActiveTaskRun';
import type { FlowRun, TaskRun, TaskRunContext } from '../context/runs';
import type { MethodDefinition } from '../definitions/MethodDefinition';
import type { TaskInfo } from '../definitions/TaskInfo';
import { CacheKeyError } from '../errors/CacheKeyError';
import { UnhashableInputError } from '../errors/UnhashableInputError';
import { policyKey } from '../keys/policyKey';
import type { Engine } from './Engine';

/**
 * The call's cache key, or `undefined` when the call must not be cached: the key function or policy said so, or
 * no key could be computed. A key that cannot be computed runs the call uncached, with one warning per task
 * that says why, unless keys are strict (`strictKeys`): then the call fails with that reason.
 */
export function computeCacheKey(
  engine: Engine,
  task: MethodDefinition,
  taskRun: ActiveTaskRun,
  args: readonly unknown[],
): string | undefined {
  const recipe = task.keyRecipe;
  if (recipe.kind === 'cacheKeyFn' && task.cachePolicy !== undefined) {
    engine.warnOnce(
      `key-both:${task.name}`,
      `${task.name} has both cacheKeyFn and cachePolicy; cacheKeyFn is used and cachePolicy ignored. Remove one.`,
    );
  }
  if (recipe.kind === 'cacheKeyFn' && recipe.sharedKey !== undefined) {
    engine.warnOnce(
      `key-shared:${task.name}`,
      `${task.name} has resultStorageKey "${recipe.sharedKey}" without a {placeholder}: every call shares the one ` +
        `result stored there, whatever its arguments. Add {parameters.<name>} to the template if calls differ.`,
    );
  }
  // Within a flow run, the key of a call with one primitive argument is computed once (`ActiveFlowRun.knownKey`).
  const flowRun = taskRun.flowRun;
  const argument = recipe.kind === 'cachePolicy' && recipe.sameWithinFlowRun ? soleArgument(args) : NOT_ONE;
  if (argument !== NOT_ONE) {
    const known = flowRun?.knownKey(task, argument);
    if (known !== undefined) return known;
  }
  const context = new CallContext(task, taskRun, flowRun, engine.clock);
  let key: unknown;
  try {
    key = recipe.kind === 'cacheKeyFn' ? recipe.keyFn(context, args) : policyKey(recipe.policy, context, args);
  } catch (error) {
    return keyFailure(engine, task, error);
  }
  if (argument !== NOT_ONE && typeof key === 'string') flowRun?.rememberKey(task, argument, key);
  if (key === null || key === undefined) return undefined;
  if (typeof key !== 'string' || key === '') {
    const returned = JSON.stringify(key) ?? typeof key;
    return keyFailure(
      engine,
      task,
      new CacheKeyError(`its cacheKeyFn returned ${returned}; return a non-empty string, or null to skip caching`),
    );
  }
  return key;
}

const NOT_ONE: unique symbol = Symbol('not one primitive argument');
const NO_ARGUMENT: unique symbol = Symbol('no argument');

// The call's one argument when it is a short primitive (trailing `undefined`s dropped, as keys drop them), which a
// Map tells apart exactly as its key does (1 from '1', every NaN alike, -0 as 0); `NO_ARGUMENT` for none.
function soleArgument(args: readonly unknown[]): unknown {
  let count = args.length;
  while (count > 0 && args[count - 1] === undefined) count--;
  if (count === 0) return NO_ARGUMENT;
  if (count > 1) return NOT_ONE;
  const argument = args[0];
  switch (typeof argument) {
    case 'string':
      return argument.length <= MAX_KNOWN_ARGUMENT_LENGTH ? argument : NOT_ONE;
    case 'number':
    case 'boolean':
    case 'bigint':
      return argument;
    default:
      return argument === null ? null : NOT_ONE;
  }
}

const MAX_KNOWN_ARGUMENT_LENGTH = 256;

function keyFailure(engine: Engine, task: MethodDefinition, error: unknown): undefined {
  if (task.strictKeys ?? engine.settings.strictKeys) {
    if (error instanceof UnhashableInputError) {
      const cause = Object.hasOwn(error, 'cause') ? { cause: error.cause } : undefined;
      throw new UnhashableInputError(error.path, error.reason, task.name, cause);
    }
    throw new CacheKeyError(`${task.name}: no cache key: ${describe(error)}`, { cause: error });
  }
  engine.warnOnce(`key:${task.name}`, `${task.name} runs uncached because it has no cache key: ${describe(error)}`);
  return undefined;
}

function describe(error: unknown): string {
  if (error instanceof CacheKeyError) return error.message;
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** What key functions and policies see. The time is read only if asked for: a Date costs as much as a hit. */
export class CallContext implements TaskRunContext {
  private time: Date | undefined;

  constructor(
    readonly task: TaskInfo,
    readonly taskRun: TaskRun,
    readonly flowRun: FlowRun | undefined,
    private readonly clock: () => number,
  ) {}

  get now(): Date {
    return (this.time ??= new Date(this.clock()));
  }
}
