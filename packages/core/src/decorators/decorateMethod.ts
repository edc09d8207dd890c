import { findDefinition, registerDefinition } from '../definitions/definitionRegistry';
import { readParameters } from '../definitions/readParameters';
import type { MethodBody, TaskDefinition } from '../definitions/TaskDefinition';
import { engineFor } from '../engine/defaultEngine';
import type { Engine } from '../engine/Engine';
import { TaskDefinitionError } from '../errors/TaskDefinitionError';
import { copyFunctionMetadata } from './copyFunctionMetadata';
import type { CacheKeyFn, RunOptions } from './options';
import { validateOptions } from './validateOptions';

type Runner = (engine: Engine, definition: TaskDefinition, instance: object, args: unknown[]) => Promise<unknown>;

/** A method decorator whose method returns a promise (flowcache may look results up in async storage). */
export type AsyncMethodDecorator = <T extends (...args: any[]) => Promise<unknown>>(
  target: object,
  propertyKey: string | symbol,
  descriptor: TypedPropertyDescriptor<T>,
) => TypedPropertyDescriptor<T>;

/**
 * Shared by `@Task` and `@Flow`: validates the options, records the definition, and replaces the method with a
 * wrapper that hands each call to the instance's engine. Wrapping the prototype method (rather than the
 * instance) makes self-calls like `this.load()` go through the cache, and leaves `#private` fields, `instanceof`
 * and singleton identity untouched.
 */
export function decorateMethod(
  kind: 'task' | 'flow',
  options: RunOptions & { cacheKeyFn?: CacheKeyFn },
  allowedOptions: readonly string[],
  run: Runner,
): AsyncMethodDecorator {
  const decorator = kind === 'task' ? '@Task' : '@Flow';
  return (target, propertyKey, descriptor) => {
    const className = typeof target === 'function' ? target.name : target.constructor.name;
    const methodName = String(propertyKey);
    const label = `${className}.${methodName}`;
    validateOptions(decorator, label, options, allowedOptions);
    if (typeof target === 'function') {
      throw new TaskDefinitionError(`${decorator} on ${label}: only instance methods can be decorated, not static ones`);
    }
    const body = descriptor.value as MethodBody | undefined;
    if (typeof body !== 'function') {
      throw new TaskDefinitionError(`${decorator} on ${label}: only methods can be decorated, not accessors or fields`);
    }
    if (findDefinition(target, propertyKey) !== undefined) {
      throw new TaskDefinitionError(`${decorator} on ${label}: the method already has @Task or @Flow; use one`);
    }
    const { names, hasRestParameter } = readParameters(body);
    const definition: TaskDefinition = {
      kind,
      name: options.name ?? label,
      className,
      methodName,
      source: body.toString(),
      parameterNames: names,
      hasRestParameter,
      body,
      retries: options.retries ?? 0,
      retryDelayMs: options.retryDelayMs ?? 0,
      cacheKeyFn: options.cacheKeyFn,
    };
    registerDefinition(target, propertyKey, definition);
    const intercepted = function (this: object, ...args: unknown[]): Promise<unknown> {
      return run(engineFor(this, className), definition, this, args);
    };
    copyFunctionMetadata(body, intercepted);
    descriptor.value = intercepted as unknown as typeof descriptor.value;
    return descriptor;
  };
}
