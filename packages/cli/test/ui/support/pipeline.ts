import { setTimeout as delay } from 'node:timers/promises';
import { Flow, Task } from '@flowcache/core';

/**
 * A nightly flow whose bodies take a visible while (tens of milliseconds), with a subflow: run on two days, the
 * second run has misses (the new day's data, a new region) and hits (the day before, the regions loaded before),
 * which a timeline shows as long bars and 2 px ones.
 */
export class Pipeline {
  @Task({ persistResult: true, cacheKeyFn: (_context, [day]) => `sales/${String(day)}` })
  async loadSales(day: string): Promise<number[]> {
    await delay(60);
    return [day.length, 3, 4];
  }

  @Task({ persistResult: true, cacheKeyFn: (_context, [region]) => `regions/${String(region)}` })
  async loadRegion(region: string): Promise<string> {
    await delay(25);
    return region.toUpperCase();
  }

  @Task({ persistResult: true, cacheKeyFn: (_context, [day]) => `report/${String(day)}` })
  async buildReport(day: string): Promise<string> {
    await delay(40);
    return `report of ${day}`;
  }

  @Flow()
  async regions(names: string[]): Promise<string[]> {
    const loaded: string[] = [];
    for (const name of names) loaded.push(await this.loadRegion(name));
    return loaded;
  }

  @Flow()
  async nightly(day: string, previousDay: string, regions: string[]): Promise<string> {
    await this.loadSales(previousDay);
    await this.loadSales(day);
    await this.regions(regions);
    return this.buildReport(day);
  }
}

/**
 * A flow run with thousands of task runs: `count` calls, four per id: `fetch` and `parse` miss, then both hit.
 * No hit repeats one already made, so the history keeps the first `runHistoryDetail` of them in detail.
 */
export class Batch {
  @Task({ cacheKeyFn: (_context, [id]) => `fetch/${String(id)}` })
  async fetch(id: number): Promise<number> {
    return id;
  }

  @Task({ cacheKeyFn: (_context, [id]) => `parse/${String(id)}` })
  async parse(id: number): Promise<number> {
    return id * 2;
  }

  @Flow()
  async importAll(count: number): Promise<void> {
    for (let call = 0; call < count; call++) {
      const id = Math.floor(call / 4);
      await (call % 2 === 0 ? this.fetch(id) : this.parse(id));
    }
  }
}
