import 'reflect-metadata';
import assert from 'node:assert/strict';
import { Engine, Flow, MemoryStorage, resumeFlowRun, Task } from '@flowcache/core';

class Import {
  ran: string[] = [];
  failAt: string | undefined;

  // persistResult: true with the default key (inputs + source + flow run id): this run's results survive it.
  @Task({ persistResult: true })
  async step(name: string): Promise<string> {
    if (name === this.failAt) throw new Error(`worker lost during ${name}`);
    this.ran.push(name);
    return `${name} ok`;
  }

  @Flow()
  async run(): Promise<string> {
    return [await this.step('download'), await this.step('parse'), await this.step('store')].join(', ');
  }
}

export async function main(): Promise<void> {
  const storage = new MemoryStorage(); // a disk or a bucket in real use, shared by the old and the new process

  const firstEngine = new Engine({ storage });
  let failedRunId = '';
  firstEngine.onFlowRun((event) => (failedRunId = event.flowRunId)); // or log it: a resume needs the id
  const first = firstEngine.attach(new Import());
  first.failAt = 'store';
  await assert.rejects(first.run(), /worker lost during store/);
  assert.deepEqual(first.ran, ['download', 'parse']);

  // A new process resumes the run by its id: the steps it persisted are not run again.
  const resumed = new Engine({ storage }).attach(new Import());
  assert.equal(await resumeFlowRun(failedRunId, () => resumed.run()), 'download ok, parse ok, store ok');
  assert.deepEqual(resumed.ran, ['store']);
}
