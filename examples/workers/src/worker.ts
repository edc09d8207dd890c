/**
 * One worker process: trains the "sales" model through a SERIALIZABLE task, with results and locks in the shared
 * directory given as its argument, and prints one JSON line: its pid, the model it got and how its call ended.
 * Every worker builds its own storage, lock manager and engine, as separate processes or machines would.
 */
import 'reflect-metadata';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Engine, Task, taskInputHash, type TaskRunState } from '@flowcache/core';
import { FileSystemLockManager, FileSystemStorage } from '@flowcache/storage-fs';

/** What a worker prints, as one JSON line. */
export interface WorkerReport {
  pid: number;
  model: string;
  state: TaskRunState;
  milliseconds: number;
}

/** Trains a model; the executions log counts its body's runs across all worker processes. */
export class Trainer {
  constructor(private readonly executionLog: string) {}

  // SERIALIZABLE: the first worker takes the key's lock and trains; the others wait for the lock, then read the
  // result it stored. Without it, every worker that misses would train at the same time.
  @Task({ cacheKeyFn: taskInputHash, isolationLevel: 'SERIALIZABLE' })
  async train(dataset: string): Promise<string> {
    appendFileSync(this.executionLog, `${process.pid}\n`); // counts executions across processes
    await sleep(500); // stands in for training
    return `model(${dataset}) trained by ${process.pid}`;
  }
}

async function work(shared: string): Promise<WorkerReport> {
  const engine = new Engine({
    storage: new FileSystemStorage({ basePath: join(shared, 'results') }),
    lockManager: new FileSystemLockManager({ directory: join(shared, 'locks') }),
  });
  let state: TaskRunState = 'Failed';
  engine.onTaskRun((event) => (state = event.state));
  const trainer = engine.attach(new Trainer(join(shared, 'executions.log')));
  const started = performance.now();
  const model = await trainer.train('sales');
  return { pid: process.pid, model, state, milliseconds: Math.round(performance.now() - started) };
}

if (require.main === module) {
  const shared = process.argv[2];
  if (!shared) throw new Error('usage: node worker.js <shared directory>');
  work(shared).then(
    (report) => console.log(JSON.stringify(report)),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
