import type { CacheKeyFn } from '../decorators/options';
import type { TaskInfo } from './TaskInfo';

export type MethodBody = (this: object, ...args: unknown[]) => Promise<unknown>;

/** Everything the engine needs about one decorated method, fixed at decoration time. */
export interface TaskDefinition extends TaskInfo {
  readonly kind: 'task' | 'flow';
  readonly body: MethodBody;
  readonly hasRestParameter: boolean;
  readonly retries: number;
  readonly retryDelayMs: number;
  readonly cacheKeyFn: CacheKeyFn | undefined;
}
