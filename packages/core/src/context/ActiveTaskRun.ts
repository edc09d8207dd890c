import type { TaskInfo } from '../definitions/TaskInfo';
import { newRunId } from './runIds';
import type { FlowRun, TaskRun } from './runs';

/** A task run whose id is made on first read: a cache hit nobody observes never pays for one. */
export class ActiveTaskRun implements TaskRun {
  private assignedId: string | undefined;

  constructor(
    readonly task: TaskInfo,
    readonly flowRun: FlowRun | undefined,
    readonly parent: TaskRun | undefined,
  ) {}

  get id(): string {
    return (this.assignedId ??= newRunId());
  }
}
