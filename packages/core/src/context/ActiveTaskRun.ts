import type { TaskInfo } from '../definitions/TaskInfo';
import { newRunId } from './runIds';
import type { ActiveFlowRun } from './ActiveFlowRun';
import type { TaskRun } from './runs';

/** A task run whose id is made on first read: a cache hit nobody observes never pays for one. */
export class ActiveTaskRun implements TaskRun {
  private assignedId: string | undefined;

  constructor(
    readonly task: TaskInfo,
    readonly flowRun: ActiveFlowRun | undefined,
    readonly parent: ActiveTaskRun | undefined,
  ) {}

  get id(): string {
    return (this.assignedId ??= newRunId());
  }
}
