import 'reflect-metadata';
import assert from 'node:assert/strict';
import {
  Engine,
  explainKey,
  Flow,
  Task,
  type CacheMiss,
  type KeyComponent,
  type KeyExplanation,
} from '@flowcache/core';

class Reports {
  @Task() // the default policy: inputs + runId + taskSource
  async load(day: string, region: string): Promise<string> {
    return `${day}/${region}`;
  }

  @Flow()
  async daily(day: string): Promise<string> {
    return this.load(day, 'eu');
  }
}

export async function main(): Promise<void> {
  const engine = new Engine();
  const misses: CacheMiss[] = [];
  engine.onTaskRun((event) => {
    if (event.cacheMiss) misses.push(event.cacheMiss);
  });
  const reports = engine.attach(new Reports());

  // "Why did my task miss?" — the miss report names what changed since the task's latest stored result.
  await reports.daily('2026-11-26');
  await reports.daily('2026-11-26');
  assert.deepEqual(misses, [{ reason: 'absent' }, { reason: 'absent', changed: ['runId'] }]);
  // runId changed: the default key only reuses results within one flow run (use taskInputHash across runs).

  // explainKey shows a key and its ingredients, each hashed on its own.
  const explanation: KeyExplanation = explainKey(reports, 'load', ['2026-11-26', 'eu']);
  assert.equal(explanation.madeBy, 'inputs + runId + taskSource');
  const names = explanation.components.map((component: KeyComponent) => component.name);
  assert.deepEqual(names, ['inputs.day', 'inputs.region', 'runId', 'taskSource']);
  const other = explainKey(reports, 'load', ['2026-11-27', 'eu']);
  const differing = other.components.filter(
    (component, index) => component.digest !== explanation.components[index].digest,
  );
  assert.deepEqual(
    differing.map((component) => component.name),
    ['inputs.day', 'runId'], // outside a flow, every call is a run of its own
  );
}
