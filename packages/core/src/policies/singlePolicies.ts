import type { TaskRunContext } from '../context/runs';
import { taskIdentityText } from '../keys/taskIdentity';
import { CachePolicy } from './CachePolicy';

/**
 * The task itself: its class, its method and the method's source text, or its `version` option instead of the
 * source when one is given (source text changes with compilers and does not cover the helpers a method calls;
 * a version string changes only when you say so).
 */
export class TaskSource extends CachePolicy {
  readonly name = 'taskSource';

  keyPart(context: TaskRunContext): string {
    return taskIdentityText(context.task, 'task-source');
  }
}

/** The parameters of the flow run the task is called in; no part outside a flow. */
export class FlowParameters extends CachePolicy {
  readonly name = 'flowParameters';

  keyPart(context: TaskRunContext): unknown {
    return context.flowRun?.parameters;
  }

  override explainPart(context: TaskRunContext): Record<string, unknown> | undefined {
    const parameters = context.flowRun?.parameters;
    if (parameters === undefined) return undefined;
    return Object.fromEntries(Object.entries(parameters).map(([name, value]) => [`flowParameters.${name}`, value]));
  }
}

/**
 * The id of the flow run the task is called in (the task's own run id outside a flow): results are reused
 * within one flow run, including its retries, and never by another run.
 */
export class RunId extends CachePolicy {
  readonly name = 'runId';

  keyPart(context: TaskRunContext): string {
    return context.flowRun?.id ?? context.taskRun.id;
  }
}

/** No part at all: the identity of composition, and alone it means "never cache". */
export class NoCache extends CachePolicy {
  readonly name = 'none';

  keyPart(): undefined {
    return undefined;
  }

  override get members(): readonly CachePolicy[] {
    return [];
  }
}
