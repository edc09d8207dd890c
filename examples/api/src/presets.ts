import 'reflect-metadata';
import assert from 'node:assert/strict';
import { Container, injectable } from 'inversify';
import {
  Flow,
  installFlowcache,
  Task,
  taskInputHash,
  type AsyncMethodDecorator,
  type EngineOptions,
  type FlowOptions,
  type FlowRun,
  type FlowRunState,
  type InstallOptions,
  type MemoryEntry,
  type RunOptions,
  type TaskInfo,
  type TaskOptions,
  type TaskRun,
  type TaskRunContext,
  type TaskRunState,
} from '@flowcache/core';

// Option sets shared by a team, typed.
const patient: RunOptions = { retries: 2, retryDelay: 20 };
const reusedAcrossRuns: TaskOptions = { ...patient, cacheKeyFn: taskInputHash };
const nightlyFlow: FlowOptions = { ...patient, name: 'nightly' };

// A decorator of your own that presets options.
function CachedStep(name: string): AsyncMethodDecorator {
  return Task({ ...reusedAcrossRuns, name });
}

// A key function reads the task, the task run and the flow run from its context.
const perFlowName = (context: TaskRunContext, args: readonly unknown[]): string => {
  const task: TaskInfo = context.task;
  const run: TaskRun = context.taskRun;
  const flow: FlowRun | undefined = run.flowRun;
  return `${flow?.name ?? 'no flow'}/${task.methodName}/${String(args[0])}`;
};

@injectable()
class Warehouse {
  @CachedStep('inventory')
  async inventory(site: string): Promise<number> {
    return site.length;
  }

  @Task({ cacheKeyFn: perFlowName })
  async audit(site: string): Promise<string> {
    return `audited ${site}`;
  }

  @Flow(nightlyFlow)
  async nightly(sites: string[]): Promise<number> {
    for (const site of sites) await this.audit(site);
    const counts = await Promise.all(sites.map((site) => this.inventory(site)));
    return counts.reduce((sum, count) => sum + count, 0);
  }
}

export async function main(): Promise<void> {
  const engineOptions: EngineOptions = { settings: { memoryCacheSize: 100 } };
  const options: InstallOptions = { settings: engineOptions.settings };
  const container = new Container();
  const engine = installFlowcache(container, options);
  container.bind(Warehouse).toSelf().inSingletonScope();

  const taskStates: Record<TaskRunState, number> = { Completed: 0, Cached: 0, Failed: 0, RolledBack: 0 };
  const flowStates: FlowRunState[] = [];
  engine.onTaskRun((event) => taskStates[event.state]++);
  engine.onFlowRun((event) => flowStates.push(event.state));

  const warehouse = container.get(Warehouse);
  assert.equal(await warehouse.nightly(['north', 'south']), 10);
  assert.equal(await warehouse.nightly(['north', 'south']), 10);
  assert.deepEqual(taskStates, { Completed: 4, Cached: 4, Failed: 0, RolledBack: 0 });
  assert.deepEqual(flowStates, ['Completed', 'Completed']);

  // The memory tier can be inspected: here, the keys perFlowName made and when each result was stored.
  const audits: [string, MemoryEntry][] = [];
  for (const key of engine.results.keys()) {
    const entry = engine.results.get(key);
    if (entry && key.startsWith('nightly/audit/')) audits.push([key, entry]);
  }
  assert.deepEqual(audits.map(([key]) => key).sort(), ['nightly/audit/north', 'nightly/audit/south']);
  assert.ok(audits.every(([, entry]) => entry.taskName === 'Warehouse.audit' && entry.createdAt instanceof Date));
}
