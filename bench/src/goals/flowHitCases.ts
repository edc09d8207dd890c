import 'reflect-metadata';
import { Engine, Flow, MemoryStorage, Task } from '@flowcache/core';
import type { BatchCase } from '../paired/BatchCase';
import { SALES, type Sale } from './serviceValues';

/**
 * Calls of the task in one flow run. The default policy keys by run id, so the first call of a run is a miss: a
 * long run keeps that miss and the run's start and end a small share of the figure, which is about hits.
 */
export const CALLS_PER_FLOW = 10_000;

class Reports {
  runs = 0;

  @Task()
  async loadSales(_day: string): Promise<readonly Sale[]> {
    this.runs++;
    return SALES;
  }

  @Flow()
  async serve(): Promise<void> {
    for (let index = 0; index < CALLS_PER_FLOW; index++) await this.loadSales('2026-11-26');
  }
}

/** Goal 1: task hits inside a `@Flow`, run history on (default settings), `@Task()` default policy. */
export async function flowcacheHitInFlow(): Promise<BatchCase> {
  const reports = new Engine({ storage: new MemoryStorage() }).attach(new Reports());
  let flows = 0;
  return {
    unit: CALLS_PER_FLOW,
    run: async (count) => {
      for (let done = 0; done < count; done += CALLS_PER_FLOW) {
        flows++;
        await reports.serve();
      }
    },
    close: () => {
      if (reports.runs !== flows) throw new Error(`the task ran ${reports.runs} times in ${flows} flow runs`);
    },
  };
}
