import 'reflect-metadata';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  currentFlowRun,
  currentTaskRun,
  Engine,
  Flow,
  Task,
  type FlowRun,
  type FlowRunEvent,
  type TaskRunEvent,
} from '../src';
import { RecordingLogger } from './support';

class Pipeline {
  seenInTask: { label: string; flowRun: FlowRun | undefined; taskRunId: string | undefined }[] = [];

  @Task()
  async step(label: string): Promise<string> {
    await sleep(5);
    this.seenInTask.push({ label, flowRun: currentFlowRun(), taskRunId: currentTaskRun()?.id });
    return label;
  }

  @Flow({ name: 'outer pipeline' })
  async outer(day: string, ...regions: string[]): Promise<FlowRun | undefined> {
    await this.step(day);
    await this.inner(regions.length);
    return currentFlowRun();
  }

  @Flow()
  async inner(count: number): Promise<FlowRun | undefined> {
    await this.step(`inner ${count}`);
    return currentFlowRun();
  }
}

function observed(): { engine: Engine; tasks: TaskRunEvent[]; flows: FlowRunEvent[] } {
  const engine = new Engine({ logger: new RecordingLogger() });
  const tasks: TaskRunEvent[] = [];
  const flows: FlowRunEvent[] = [];
  engine.onTaskRun((event) => tasks.push(event));
  engine.onFlowRun((event) => flows.push(event));
  return { engine, tasks, flows };
}

describe('run context', () => {
  it('opens a flow run with an id, a name and named parameters, and subflows inside it', async () => {
    const { engine, flows, tasks } = observed();
    const pipeline = engine.attach(new Pipeline());
    const flowRun = await pipeline.outer('mon', 'eu', 'us');

    expect(flowRun).toMatchObject({ name: 'outer pipeline', parameters: { day: 'mon', regions: ['eu', 'us'] } });
    expect(flowRun?.parent).toBeUndefined();
    const [innerRun, outerRun] = flows;
    expect(innerRun).toMatchObject({
      flowName: 'Pipeline.inner',
      parentFlowRunId: flowRun?.id,
      parameters: { count: 2 },
    });
    expect(outerRun).toMatchObject({ flowName: 'outer pipeline', flowRunId: flowRun?.id, state: 'Completed' });
    expect(tasks.map((event) => event.flowRunName)).toEqual(['outer pipeline', 'Pipeline.inner']);
    expect(tasks[1].flowRunId).toBe(innerRun.flowRunId);
  });

  it('tells a task its own run and flow run; outside a flow a task has no flow run', async () => {
    const { engine, tasks } = observed();
    const pipeline = engine.attach(new Pipeline());
    await pipeline.step('alone');
    expect(pipeline.seenInTask).toEqual([{ label: 'alone', flowRun: undefined, taskRunId: tasks[0].taskRunId }]);
    expect(tasks[0].flowRunId).toBeUndefined();
    expect(currentFlowRun()).toBeUndefined();
    expect(currentTaskRun()).toBeUndefined();
  });

  it('keeps concurrent flows apart', async () => {
    const { engine } = observed();
    const pipeline = engine.attach(new Pipeline());
    const [first, second] = await Promise.all([pipeline.inner(1), pipeline.inner(2)]);
    expect(first?.id).not.toBe(second?.id);
    const seenBy = (label: string) => pipeline.seenInTask.find((seen) => seen.label === label)?.flowRun;
    expect(seenBy('inner 1')).toBe(first);
    expect(seenBy('inner 2')).toBe(second);
  });

  it('reports a failed flow with its error and attempts', async () => {
    const { engine, flows } = observed();
    class Failing {
      @Flow({ retries: 1 })
      async run(): Promise<never> {
        throw new Error('no data');
      }
    }
    await expect(engine.attach(new Failing()).run()).rejects.toThrow('no data');
    expect(flows).toEqual([
      expect.objectContaining({ flowName: 'Failing.run', state: 'Failed', attempts: 2, error: new Error('no data') }),
    ]);
  });

  it('reports a flow run that ends after it started even when the system clock is set back meanwhile', async () => {
    const { engine, flows } = observed();
    class ClockChange {
      @Flow()
      async run(): Promise<void> {
        jest.setSystemTime(Date.now() - 3_600_000); // e.g. an NTP correction while the flow runs
      }
    }
    jest.useFakeTimers({ doNotFake: ['performance', 'nextTick', 'setImmediate', 'queueMicrotask'] });
    try {
      await engine.attach(new ClockChange()).run();
    } finally {
      jest.useRealTimers();
    }
    const [event] = flows;
    const elapsed = event.endedAt.getTime() - event.startedAt.getTime();
    expect(elapsed).toBeGreaterThanOrEqual(0);
    expect(Math.abs(elapsed - event.durationMs)).toBeLessThan(1); // a Date keeps whole milliseconds
  });
});
