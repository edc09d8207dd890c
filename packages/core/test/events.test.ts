import 'reflect-metadata';
import { Engine, Task, taskInputHash, type TaskRunEvent } from '../src';
import { RecordingLogger } from './support';

class Service {
  @Task({ cacheKeyFn: taskInputHash, name: 'load sales' })
  async load(day: string): Promise<string> {
    if (day === 'never') throw new TypeError('no such day');
    return day;
  }
}

describe('task run events', () => {
  it('describe every call: names, ids, key, state, timing and attempts', async () => {
    const engine = new Engine({ logger: new RecordingLogger() });
    const events: TaskRunEvent[] = [];
    engine.onTaskRun((event) => events.push(event));
    const service = engine.attach(new Service());

    await service.load('mon');
    await service.load('mon');
    await service.load('never').catch(() => undefined);

    const [completed, cached, failed] = events;
    expect(completed).toMatchObject({ taskName: 'load sales', state: 'Completed', attempts: 1, flowRunId: undefined });
    expect(completed.cacheKey).toMatch(/^[0-9a-f]{64}$/);
    expect(cached).toMatchObject({ state: 'Cached', attempts: 0, cacheKey: completed.cacheKey });
    expect(cached.taskRunId).not.toBe(completed.taskRunId);
    expect(failed).toMatchObject({ state: 'Failed', error: new TypeError('no such day') });
    expect('error' in completed).toBe(false);
    for (const event of events) {
      expect(event.endedAt.getTime()).toBeGreaterThanOrEqual(event.startedAt.getTime());
      expect(event.durationMs).toBeGreaterThanOrEqual(0);
    }
  });

  it('keep working when a listener throws, and stop after unsubscribing', async () => {
    const logger = new RecordingLogger();
    const engine = new Engine({ logger });
    const events: TaskRunEvent[] = [];
    engine.onTaskRun(() => {
      throw new Error('listener bug');
    });
    const unsubscribe = engine.onTaskRun((event) => events.push(event));
    const service = engine.attach(new Service());

    await expect(service.load('tue')).resolves.toBe('tue');
    unsubscribe();
    await service.load('wed');
    expect(events).toHaveLength(1);
    expect(logger.warnings[0]).toMatch(/task run listener threw and was skipped: Error: listener bug/);
  });
});
