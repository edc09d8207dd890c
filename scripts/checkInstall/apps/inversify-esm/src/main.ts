/**
 * The same application as an ES module (`"type": "module"`, TypeScript's `nodenext`): named imports of flowcache's
 * CommonJS packages must work from ESM. Two containers stand for two runs: the second call is a hit from the files.
 * Usage: node dist/main.js <storage directory>
 */
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { Container, injectable } from 'inversify';
import {
  installFlowcache,
  RESULT_STORAGE,
  StorageError,
  Task,
  taskInputHash,
  type TaskRunState,
} from '@flowcache/core';
import { StorageError as AdapterStorageError } from '@flowcache/core/adapters';
import { CacheInspector } from '@flowcache/core/records';
import { FileSystemStorage } from '@flowcache/storage-fs';

let bodyRuns = 0;

@injectable()
class Reports {
  @Task({ cacheKeyFn: taskInputHash })
  async loadSales(day: string): Promise<{ day: string; total: number }> {
    bodyRuns++;
    return { day, total: day.length * 100 };
  }
}

async function callInFreshContainer(
  basePath: string,
  warnings: string[],
): Promise<{ value: unknown; states: TaskRunState[] }> {
  const container = new Container();
  container.bind(RESULT_STORAGE).toConstantValue(new FileSystemStorage({ basePath }));
  const engine = installFlowcache(container, { logger: { warn: (message) => warnings.push(message) } });
  const states: TaskRunState[] = [];
  engine.onTaskRun((event) => states.push(event.state));
  container.bind(Reports).toSelf().inSingletonScope();
  const value = await container.get(Reports).loadSales('2026-12-01');
  await engine.flush();
  return { value, states };
}

const basePath = process.argv[2];
const warnings: string[] = [];
const first = await callInFreshContainer(basePath, warnings);
const second = await callInFreshContainer(basePath, warnings);
assert.deepEqual(first.value, { day: '2026-12-01', total: 1000 });
assert.deepEqual(second.value, first.value);
assert.deepEqual([...first.states, ...second.states], ['Completed', 'Cached']);
assert.equal(bodyRuns, 1);
assert.deepEqual(warnings, []);
// The other entry points load too, and share the application's classes.
const { records } = await new CacheInspector(new FileSystemStorage({ basePath })).list({ task: 'Reports.loadSales' });
assert.equal(records.length, 1);
assert.equal(AdapterStorageError, StorageError);
console.log(
  `first call ${first.states[0]}, second call ${second.states[0]} (from ${basePath}); the body ran ${bodyRuns} time`,
);
