import type { MethodDefinition } from './MethodDefinition';

const definitionsByPrototype = new WeakMap<object, Map<string | symbol, MethodDefinition>>();
/** The definition behind each decorated method's wrapper, so a method reference (`Reports.prototype.load`) names it. */
// biome-ignore lint/complexity/noBannedTypes: any function, known by identity only
const definitionsByMethod = new WeakMap<Function, MethodDefinition>();

// biome-ignore lint/complexity/noBannedTypes: any function, known by identity only
export function registerMethod(method: Function, definition: MethodDefinition): void {
  definitionsByMethod.set(method, definition);
}

/** The definition of a decorated method given by reference (from the class's prototype or an instance). */
// biome-ignore lint/complexity/noBannedTypes: any function, known by identity only
export function definitionOfMethod(method: Function): MethodDefinition | undefined {
  return definitionsByMethod.get(method);
}

export function registerDefinition(prototype: object, methodName: string | symbol, definition: MethodDefinition): void {
  let definitions = definitionsByPrototype.get(prototype);
  if (definitions === undefined) {
    definitions = new Map();
    definitionsByPrototype.set(prototype, definitions);
  }
  definitions.set(methodName, definition);
}

/** The definitions of an instance's decorated methods, its class's and its base classes'. */
export function definitionsOf(instance: object): MethodDefinition[] {
  const found: MethodDefinition[] = [];
  for (
    let prototype = Object.getPrototypeOf(instance);
    prototype !== null;
    prototype = Object.getPrototypeOf(prototype)
  ) {
    found.push(...(definitionsByPrototype.get(prototype)?.values() ?? []));
  }
  return found;
}

export function findDefinition(prototype: object, methodName: string | symbol): MethodDefinition | undefined {
  return definitionsByPrototype.get(prototype)?.get(methodName);
}

/**
 * True when the object's class, or a class it extends, has a `@Task` or `@Flow` method: what integrations
 * (a DI container's activation hook, a NestJS module) check before `engine.attach(instance)`. For a class
 * without an instance yet, pass `Object.create(Class.prototype)`.
 */
export function hasDecoratedMethods(instance: object): boolean {
  for (
    let prototype = Object.getPrototypeOf(instance);
    prototype !== null;
    prototype = Object.getPrototypeOf(prototype)
  ) {
    if (definitionsByPrototype.has(prototype)) return true;
  }
  return false;
}

/** The definition of a decorated method as an instance sees it: its class's, or the nearest base class's. */
export function definitionOf(instance: object, methodName: string | symbol): MethodDefinition | undefined {
  for (
    let prototype = Object.getPrototypeOf(instance);
    prototype !== null;
    prototype = Object.getPrototypeOf(prototype)
  ) {
    const definition = findDefinition(prototype, methodName);
    if (definition !== undefined) return definition;
  }
  return undefined;
}
