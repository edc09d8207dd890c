import { FlowcacheError } from './FlowcacheError';

/**
 * Thrown at decoration time when `@Task` or `@Flow` is used on something it cannot intercept or is given an
 * invalid option. The message names the method (`Class.method`) and the option.
 */
export class TaskDefinitionError extends FlowcacheError {}
