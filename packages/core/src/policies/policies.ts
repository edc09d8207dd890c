import { compose } from './CachePolicy';
import { Inputs } from './Inputs';
import { FlowParameters, NoCache, RunId, TaskSource } from './singlePolicies';

/** All the call's arguments; `INPUTS.without('debug')` leaves one out. */
export const INPUTS = new Inputs();
/** The task's class, method and source (or its `version` option). */
export const TASK_SOURCE = new TaskSource();
/** The parameters of the enclosing flow run. */
export const FLOW_PARAMETERS = new FlowParameters();
/** The enclosing flow run's id: results reused only within one flow run. */
export const RUN_ID = new RunId();
/** Nothing: never cache. The identity of composition. */
export const NONE = new NoCache();
/**
 * What a task without `cachePolicy` or `cacheKeyFn` uses: INPUTS + TASK_SOURCE + RUN_ID. Results are reused
 * within one flow run (a retried flow skips the tasks that already succeeded) but not across runs; use
 * `INPUTS.add(TASK_SOURCE)` or `cacheKeyFn: taskInputHash` for that.
 */
export const DEFAULT = compose(INPUTS, TASK_SOURCE, RUN_ID);
