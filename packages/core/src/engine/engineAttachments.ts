import type { Engine } from './Engine';

const attachedEngines = new WeakMap<object, Engine>();

export function attachEngine(instance: object, engine: Engine): void {
  attachedEngines.set(instance, engine);
}

export function attachedEngine(instance: object): Engine | undefined {
  return attachedEngines.get(instance);
}
