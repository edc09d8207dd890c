import 'reflect-metadata';
import assert from 'node:assert/strict';
import { Engine, getDefaultEngine, hasDecoratedMethods, Task, taskInputHash } from '@flowcache/core';

class Geocoder {
  calls = 0;

  @Task({ cacheKeyFn: taskInputHash })
  async locate(address: string): Promise<[number, number]> {
    this.calls++;
    return [address.length, -address.length];
  }
}

export async function main(): Promise<void> {
  // In a unit test, attach a fresh engine: a cache of the test's own, and no warning. (Integrations attach what
  // hasDecoratedMethods says has tasks; attach refuses SERIALIZABLE tasks when no lock manager is configured.)
  assert.equal(hasDecoratedMethods(new Geocoder()), true);
  assert.equal(hasDecoratedMethods(Object.create(Geocoder.prototype)), true);
  const geocoder = new Engine().attach(new Geocoder());
  await geocoder.locate('1 Main St');
  await geocoder.locate('1 Main St');
  assert.equal(geocoder.calls, 1);

  // An instance neither resolved from an installed container nor attached runs on the default engine
  // (settings and storage from the environment), and flowcache warns once per class that it does.
  const warnings: string[] = [];
  const defaultEngine = getDefaultEngine();
  const warn = defaultEngine.logger.warn;
  defaultEngine.logger.warn = (message) => warnings.push(message);
  try {
    const forgotten = new Geocoder();
    await forgotten.locate('2 Side St');
    await forgotten.locate('2 Side St');
    assert.equal(forgotten.calls, 1);
    assert.match(warnings.join('\n'), /Geocoder was not resolved from a container with flowcache installed/);
  } finally {
    defaultEngine.logger.warn = warn;
  }
}
