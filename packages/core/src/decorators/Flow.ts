import { runFlow } from '../engine/runFlow';
import { decorateMethod, missingParentheses, type AsyncMethodDecorator } from './decorateMethod';
import { RUN_OPTION_NAMES, type FlowOptions } from './options';

/**
 * Marks an async method as a flow: each call opens a flow run that the tasks it calls belong to (a flow called
 * from a flow is a subflow). Retries keep the same flow run, so tasks that already succeeded are not run again.
 *
 * @example
 * ```ts
 * class Reports {
 *   @Flow({ retries: 2 })
 *   async nightly(day: string) { return summarize(await this.loadSales(day)); }
 * }
 * ```
 */
export function Flow(options: FlowOptions = {}): AsyncMethodDecorator {
  // biome-ignore lint/complexity/noArguments: detects a bare @Flow; a rest parameter would show in its type
  if (arguments.length > 1) throw missingParentheses('@Flow');
  return decorateMethod('flow', options, RUN_OPTION_NAMES, runFlow);
}
