import 'reflect-metadata';
import { Engine, Flow, MemoryStorage, Task } from '@flowcache/core';
import type { BatchCase } from '../paired/BatchCase';
import { SALES, type Sale } from './serviceValues';

class Reports {
  runs = 0;

  @Task()
  async loadSales(_day: string): Promise<readonly Sale[]> {
    this.runs++;
    return SALES;
  }

  // One flow run per batch: the default policy keys by run id, so its first call is a miss and the rest hits.
  @Flow()
  async serve(count: number): Promise<void> {
    for (let index = 0; index < count; index++) await this.loadSales('2026-11-26');
  }
}

/** Goal 1: task hits inside a `@Flow`, run history on (default settings), `@Task()` default policy. */
export async function flowcacheHitInFlow(): Promise<BatchCase> {
  const reports = new Engine({ storage: new MemoryStorage() }).attach(new Reports());
  let flows = 0;
  return {
    run: (count) => {
      flows++;
      return reports.serve(count);
    },
    close: () => {
      if (reports.runs !== flows) throw new Error(`the task ran ${reports.runs} times in ${flows} flow runs`);
    },
  };
}
