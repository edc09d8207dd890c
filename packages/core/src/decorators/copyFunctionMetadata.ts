/**
 * Gives a wrapper everything other decorators attached to the original method: Reflect metadata (Nest routes,
 * Swagger) and own properties, plus its name and arity.
 */
// biome-ignore lint/complexity/noBannedTypes: any function, whatever its signature
export function copyFunctionMetadata(original: Function, wrapper: Function): void {
  Object.defineProperty(wrapper, 'name', { value: original.name, configurable: true });
  Object.defineProperty(wrapper, 'length', { value: original.length, configurable: true });
  for (const key of Reflect.ownKeys(original)) {
    if (key === 'name' || key === 'length' || key === 'prototype') continue;
    Object.defineProperty(wrapper, key, Object.getOwnPropertyDescriptor(original, key)!);
  }
  const reflect = Reflect as unknown as {
    getOwnMetadataKeys?: (target: object) => unknown[];
    getOwnMetadata?: (key: unknown, target: object) => unknown;
    defineMetadata?: (key: unknown, value: unknown, target: object) => void;
  };
  if (!reflect.getOwnMetadataKeys || !reflect.getOwnMetadata || !reflect.defineMetadata) return;
  for (const key of reflect.getOwnMetadataKeys(original)) {
    reflect.defineMetadata(key, reflect.getOwnMetadata(key, original), wrapper);
  }
}
