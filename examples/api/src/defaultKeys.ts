import 'reflect-metadata';
import assert from 'node:assert/strict';
import { currentFlowRun, currentTaskRun, Engine, Flow, Task, type TaskRunEvent } from '@flowcache/core';

class Nightly {
  extractRuns = 0;
  private crashed = false;
  private loadFailures = 1;

  // No cacheKeyFn: the key is inputs + task source + flow run id, so results are reused within one flow run.
  @Task({ name: 'extract' })
  async extract(table: string): Promise<string[]> {
    this.extractRuns++;
    assert.equal(currentTaskRun()?.task.name, 'extract');
    return [`${table}:row1`, `${table}:row2`];
  }

  // A failed attempt is retried (here after 10 ms); failures are never cached.
  @Task({ retries: 3, retryDelay: { milliseconds: 10 } })
  async load(rows: string[]): Promise<number> {
    if (this.loadFailures-- > 0) throw new Error('warehouse busy');
    return rows.length;
  }

  // A retry of the flow keeps its flow run, so `extract` is not run again.
  @Flow({ retries: 1 })
  async run(table: string): Promise<number> {
    const rows = await this.extract(table);
    assert.equal(currentFlowRun()?.parameters.table, table);
    if (!this.crashed) {
      this.crashed = true;
      throw new Error('network blip'); // the first attempt fails between the two tasks
    }
    return this.load(rows);
  }
}

export async function main(): Promise<void> {
  const engine = new Engine();
  const states: string[] = [];
  engine.onTaskRun((event: TaskRunEvent) => states.push(`${event.taskName} ${event.state} ${event.attempts}`));
  const nightly = engine.attach(new Nightly());

  assert.equal(await nightly.run('orders'), 2);
  assert.deepEqual(states, ['extract Completed 1', 'extract Cached 0', 'Nightly.load Completed 2']);

  await nightly.run('orders'); // a new flow run: the default key does not reuse the last run's results
  assert.equal(nightly.extractRuns, 2);
}
