import 'reflect-metadata';
import assert from 'node:assert/strict';
import { Engine, Flow, Task, taskInputHash, type FlowRunEvent, type TaskRunEvent } from '@flowcache/core';

class Thumbnails {
  @Task({ cacheKeyFn: taskInputHash })
  async resize(image: string, width: number): Promise<string> {
    if (width <= 0) throw new RangeError(`width must be positive, got ${width}`);
    return `${image}@${width}`;
  }

  @Flow()
  async gallery(images: string[]): Promise<string[]> {
    return Promise.all(images.map((image) => this.resize(image, 200)));
  }
}

export async function main(): Promise<void> {
  const engine = new Engine();
  const taskRuns: TaskRunEvent[] = [];
  const flowRuns: FlowRunEvent[] = [];
  const stopTaskRuns = engine.onTaskRun((event) => taskRuns.push(event));
  engine.onFlowRun((event) => flowRuns.push(event));
  const thumbnails = engine.attach(new Thumbnails());

  await thumbnails.gallery(['a.png', 'b.png']);
  await thumbnails.gallery(['a.png']);
  await thumbnails.resize('a.png', 0).catch(() => undefined);
  stopTaskRuns();

  assert.deepEqual(
    taskRuns.map((event) => event.state),
    ['Completed', 'Completed', 'Cached', 'Failed'],
  );
  const [first] = taskRuns;
  assert.equal(first.taskName, 'Thumbnails.resize');
  assert.equal(first.flowRunId, flowRuns[0].flowRunId);
  assert.equal(first.flowRunName, 'Thumbnails.gallery');
  assert.match(first.cacheKey ?? '', /^[0-9a-f]{64}$/);
  assert.ok(first.endedAt >= first.startedAt && first.durationMs >= 0 && first.attempts === 1);
  assert.ok(taskRuns[3].error instanceof RangeError);
  // A hit says how long its result took to compute: the time it spared.
  assert.ok(taskRuns[2].savedMs !== undefined && taskRuns[2].savedMs >= 0 && taskRuns[0].savedMs === undefined);
  assert.deepEqual(flowRuns[1].parameters, { images: ['a.png'] });
  assert.equal(flowRuns[1].state, 'Completed');
}
