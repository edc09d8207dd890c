// The body of every multi-process SERIALIZABLE test worker: a SERIALIZABLE task that logs "started" and
// "completed" lines (with its pid) to `executions.log` in a directory the workers share, and prints its value.
// With CRASH=1 the worker kills itself (SIGKILL) in the middle of the body, holding the lock.
import 'reflect-metadata';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Engine, Task, taskInputHash, type LockManager, type ResultStorage } from '@flowcache/core';

/**
 * Runs the worker with the given storage and lock manager (each worker process makes its own, as separate
 * machines would); the lease comes from FLOWCACHE_LOCK_LEASE_MS. `close` lets go of connections so it can exit.
 */
export function runSerializableWorker(
  shared: string,
  backend: { storage: ResultStorage; lockManager: LockManager; close?: () => unknown },
): void {
  const log = join(shared, 'executions.log');
  class Trainer {
    @Task({ cacheKeyFn: taskInputHash, isolationLevel: 'SERIALIZABLE' })
    async train(dataset: string): Promise<string> {
      appendFileSync(log, `started ${process.pid}\n`);
      await sleep(300);
      if (process.env.CRASH === '1') process.kill(process.pid, 'SIGKILL');
      appendFileSync(log, `completed ${process.pid}\n`);
      return `model(${dataset}) by ${process.pid}`;
    }
  }
  void new Engine(backend)
    .attach(new Trainer())
    .train('sales')
    .then((model) => console.log(model))
    .finally(() => backend.close?.());
}
