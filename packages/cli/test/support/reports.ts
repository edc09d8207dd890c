import 'reflect-metadata';
import { Flow, Task, taskInputHash } from '@flowcache/core';

export interface Sales {
  readonly day: string;
  readonly amounts: readonly number[];
}

/**
 * The service whose flows fill the storage the CLI tests inspect: an expiring task with readable keys, a task
 * keyed by a hash (a long key), a compressed task in a subflow, and a task that fails. `calls` counts bodies.
 */
export class Reports {
  readonly calls = { loadSales: 0, summarize: 0, regionTotal: 0, callModel: 0 };

  @Task({ cacheKeyFn: (_context, [day]) => `sales/${String(day)}`, cacheExpiration: { hours: 4 } })
  async loadSales(day: string): Promise<Sales> {
    this.calls.loadSales++;
    return { day, amounts: [3, 4, day.length] };
  }

  @Task({ cacheKeyFn: taskInputHash })
  async summarize(sales: Sales): Promise<number> {
    this.calls.summarize++;
    return sales.amounts.reduce((sum, amount) => sum + amount, 0);
  }

  @Task({
    cacheKeyFn: (_context, [region]) => `regions/${String(region)}`,
    cacheExpiration: { days: 30 },
    resultSerializer: 'gzip+json',
  })
  async regionTotal(region: string): Promise<number> {
    this.calls.regionTotal++;
    return region.length * 100;
  }

  @Task({ cacheKeyFn: (_context, [day]) => `model/${String(day)}` })
  async callModel(day: string): Promise<number> {
    this.calls.callModel++;
    throw new Error(`model offline for ${day}`);
  }

  @Flow()
  async nightly(day: string): Promise<number> {
    const total = await this.summarize(await this.loadSales(day));
    await this.regions(['north']);
    return total;
  }

  @Flow()
  async regions(names: string[]): Promise<number[]> {
    return Promise.all(names.map((name) => this.regionTotal(name)));
  }

  @Flow()
  async forecast(day: string): Promise<number> {
    return this.callModel(day);
  }
}
