import type { TaskInfo } from '../definitions/TaskInfo';

/** One execution of a `@Flow` method, shared by every task it calls (retries of the flow keep the same run). */
export interface FlowRun {
  readonly id: string;
  /** The flow's name: `options.name` or `Class.method`. */
  readonly name: string;
  /** The call's arguments by parameter name. */
  readonly parameters: Readonly<Record<string, unknown>>;
  /** The flow run this one was started from, for a subflow. */
  readonly parent: FlowRun | undefined;
  readonly startedAt: Date;
}

/** One call of a `@Task` method. */
export interface TaskRun {
  readonly id: string;
  readonly task: TaskInfo;
  /** The flow run the task was called in; `undefined` when called outside any flow. */
  readonly flowRun: FlowRun | undefined;
  /** The task run this one was called from, when tasks call tasks. */
  readonly parent: TaskRun | undefined;
}

/** What `cacheKeyFn` receives besides the arguments. */
export interface TaskRunContext {
  readonly task: TaskInfo;
  readonly taskRun: TaskRun;
  readonly flowRun: FlowRun | undefined;
  /** The time of the call. */
  readonly now: Date;
}
