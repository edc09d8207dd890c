import { findDefinition, registerDefinition, registerMethod } from '../definitions/definitionRegistry';
import { keyRecipe } from '../definitions/keyRecipe';
import { readParameters } from '../definitions/readParameters';
import type { MethodBody, MethodDefinition } from '../definitions/MethodDefinition';
import { engineFor } from '../engine/defaultEngine';
import type { Engine } from '../engine/Engine';
import { TaskDefinitionError } from '../errors/TaskDefinitionError';
import { guardLockManager } from '../locks/guardedLockManager';
import { guardStorage } from '../storage/guardedStorage';
import { copyFunctionMetadata } from './copyFunctionMetadata';
import type { CacheKeyFn, TaskOptions } from './options';
import { compileStorageKeyTemplate } from '../keys/storageKeyTemplate';
import { parseExpiration } from './parseExpiration';
import { NoCache } from '../policies/singlePolicies';
import { resolveSerializer } from '../serializers/serializerRegistry';
import { validateOptions } from './validateOptions';
import type { TransactionHook } from '../transactions/Transaction';

type Runner = (engine: Engine, definition: MethodDefinition, instance: object, args: unknown[]) => Promise<unknown>;

/** A method decorator whose method returns a promise (flowcache may look results up in async storage). */
// biome-ignore lint/suspicious/noExplicitAny: a method with any parameters, the usual bound of a method decorator
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
  options: TaskOptions,
  allowedOptions: readonly string[],
  run: Runner,
): AsyncMethodDecorator {
  const decorator = kind === 'task' ? '@Task' : '@Flow';
  return (target, propertyKey, descriptor) => {
    const className = typeof target === 'function' ? target.name : target.constructor.name;
    const methodName = String(propertyKey);
    const label = `${className}.${methodName}`;
    const parameters = typeof descriptor?.value === 'function' ? readParameters(descriptor.value) : undefined;
    validateOptions(decorator, label, options, allowedOptions, parameters?.names);
    if (typeof target === 'function') {
      throw new TaskDefinitionError(
        `${decorator} on ${label}: only instance methods can be decorated, not static ones`,
      );
    }
    const body = descriptor?.value as MethodBody | undefined;
    if (typeof body !== 'function') {
      throw new TaskDefinitionError(`${decorator} on ${label}: only methods can be decorated, not accessors or fields`);
    }
    const existing = findDefinition(target, propertyKey);
    if (existing !== undefined) {
      const other = existing.kind === 'task' ? '@Task' : '@Flow';
      throw new TaskDefinitionError(`${decorator} on ${label}: the method already has ${other}; use one of them`);
    }
    const { names, hasRestParameter } = parameters ?? readParameters(body);
    const cacheKeyFn =
      options.cacheKeyFn ??
      (options.resultStorageKey === undefined
        ? undefined
        : (compileStorageKeyTemplate(options.resultStorageKey, names) as CacheKeyFn));
    const definition: MethodDefinition = {
      kind,
      name: options.name ?? label,
      className,
      methodName,
      source: body.toString(),
      version: options.version,
      parameterNames: names,
      hasRestParameter,
      body,
      retries: options.retries ?? 0,
      retryDelayMs: options.retryDelay === undefined ? 0 : (parseExpiration(options.retryDelay) as number),
      cacheKeyFn,
      cachePolicy: options.cachePolicy,
      keyRecipe: keyRecipe(cacheKeyFn, options.cachePolicy),
      expirationMs:
        options.cacheExpiration === undefined ? undefined : (parseExpiration(options.cacheExpiration) as number),
      refreshCache: options.refreshCache,
      strictKeys: options.strictKeys,
      persistResult: options.persistResult ?? (impliesPersistence(options) ? true : undefined),
      resultStorage: options.resultStorage === undefined ? undefined : guardStorage(options.resultStorage),
      resultSerializer:
        options.resultSerializer === undefined
          ? undefined
          : resolveSerializer(options.resultSerializer, `${decorator} on ${label}`),
      persistMode: options.persistMode,
      strictPersistence: options.strictPersistence,
      isolationLevel: options.isolationLevel ?? 'READ_COMMITTED',
      lockManager: options.lockManager === undefined ? undefined : guardLockManager(options.lockManager),
      cacheResultInMemory: options.cacheResultInMemory ?? true,
      onCommit: hookList(options.onCommit),
      onRollback: hookList(options.onRollback),
    };
    registerDefinition(target, propertyKey, definition);
    const intercepted = function (this: object, ...args: unknown[]): Promise<unknown> {
      return run(engineFor(this, className), definition, this, args);
    };
    copyFunctionMetadata(body, intercepted);
    registerMethod(intercepted, definition);
    descriptor.value = intercepted as unknown as typeof descriptor.value;
    return descriptor;
  };
}

/** `@Task` written without `()` calls the factory as if it were the decorator; say so instead of ignoring it. */
export function missingParentheses(decorator: string): TaskDefinitionError {
  return new TaskDefinitionError(`${decorator} must be called: write ${decorator}() or ${decorator}({ ...options })`);
}

// As in Prefect: asking for caching or for a storage or serializer means asking for persistence, unless the
// option says otherwise. NONE asks for no caching.
function impliesPersistence(options: TaskOptions): boolean {
  return (
    options.cacheKeyFn !== undefined ||
    (options.cachePolicy !== undefined && !(options.cachePolicy instanceof NoCache)) ||
    options.cacheExpiration !== undefined ||
    options.resultStorage !== undefined ||
    options.resultSerializer !== undefined ||
    options.persistMode !== undefined ||
    options.resultStorageKey !== undefined
  );
}

function hookList(hooks: TransactionHook | readonly TransactionHook[] | undefined): readonly TransactionHook[] {
  return hooks === undefined ? [] : Array.isArray(hooks) ? [...hooks] : [hooks as TransactionHook];
}
