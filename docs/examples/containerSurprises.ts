import 'reflect-metadata';
import assert from 'node:assert/strict';
import { Container, injectable } from 'inversify';
import {
  explainKey,
  getDefaultEngine,
  installFlowcache,
  MemoryStorage,
  RESULT_STORAGE,
  Task,
  taskInputHash,
  type TaskRunEvent,
} from '@flowcache/core';

/** A decorator that wraps the method it decorates, as logging, tracing and metrics decorators do. */
function Traced(): MethodDecorator {
  return (_target, _name, descriptor: PropertyDescriptor) => {
    const original = descriptor.value as (...args: unknown[]) => unknown;
    descriptor.value = function traced(this: unknown, ...args: unknown[]) {
      return original.apply(this, args);
    };
    return descriptor;
  };
}

@injectable()
class Reports {
  // Decorators apply bottom-up: @Traced wraps the method first, so @Task sees the wrapper, not the method.
  @Task({ cacheKeyFn: taskInputHash })
  @Traced()
  async hidden(day: string, region: string): Promise<string> {
    return `${day}/${region}`;
  }

  // @Task nearest to the method: it reads the method's own source and parameters.
  @Traced()
  @Task({ cacheKeyFn: taskInputHash })
  async visible(day: string, region: string): Promise<string> {
    return `${day}/${region}`;
  }
}

export async function main(): Promise<void> {
  const parent = new Container();
  parent.bind(RESULT_STORAGE).toConstantValue(new MemoryStorage());
  const engine = installFlowcache(parent);
  parent.bind(Reports).toSelf().inSingletonScope();

  // Below @Task, a wrapper hides the method: its source is the wrapper's (editing the method no longer changes
  // the key) and its parameter names are lost.
  const names = (method: 'hidden' | 'visible') =>
    explainKey(new Reports(), method, ['2026-11-26', 'eu']).components.map((component) => component.name);
  assert.deepEqual(names('hidden'), ['inputs.args', 'inputs.arg1', 'taskSource']);
  assert.deepEqual(names('visible'), ['inputs.day', 'inputs.region', 'taskSource']);

  // A child container does not route what it resolves through the parent's engine: its instances run on the
  // default engine, with a warning. A singleton first resolved there stays that way for the parent too.
  const warnings: string[] = [];
  const defaultEngine = getDefaultEngine();
  const warn = defaultEngine.logger.warn;
  defaultEngine.logger.warn = (message) => warnings.push(message);
  try {
    const child = new Container({ parent });
    const seen: TaskRunEvent[] = [];
    engine.onTaskRun((event) => seen.push(event));
    await child.get(Reports).visible('2026-11-26', 'eu');
    await parent.get(Reports).visible('2026-11-26', 'eu'); // the same singleton instance
    assert.equal(seen.length, 0); // the container's engine saw neither call
    assert.match(warnings[0], /Reports was not resolved from a container with flowcache installed/);
  } finally {
    defaultEngine.logger.warn = warn;
  }
}
