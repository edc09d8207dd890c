import { attachedEngine, Engine } from './Engine';

let fallback: Engine | undefined;

/**
 * The engine used by instances that were neither resolved from a container with flowcache installed nor
 * attached with `engine.attach(instance)`: settings and default storage from the environment. Subscribe to its events
 * here.
 */
export function getDefaultEngine(): Engine {
  return (fallback ??= new Engine());
}

/** The engine an instance's decorated calls go through; warns once per class when it is the default one. */
export function engineFor(instance: object, className: string): Engine {
  const engine = attachedEngine(instance);
  if (engine !== undefined) return engine;
  const defaultEngine = getDefaultEngine();
  defaultEngine.warnOnce(
    `unattached:${className}`,
    `${className} was not resolved from a container with flowcache installed, so its tasks run on the default ` +
      'engine (no container bindings: settings and default storage from the environment). Call ' +
      'installFlowcache(container) before resolving it, or engine.attach(instance) for an instance made with new. ' +
      '(Under NestJS: a task called before FlowcacheModule attached its engine, e.g. from a constructor, runs ' +
      'here too.)',
  );
  return defaultEngine;
}
