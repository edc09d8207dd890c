/**
 * flowcache demo: a nightly sales report made of three tasks, whose results are persisted to ./.flowcache. The
 * flow runs twice in one process: the second run is served from memory. Run the demo again: the new process is
 * served from the files, so the slow steps are not repeated until the inputs or the code change.
 */
import 'reflect-metadata';
import { setTimeout as sleep } from 'node:timers/promises';
import { Container, injectable } from 'inversify';
import { Flow, installFlowcache, RESULT_STORAGE, Task, taskInputHash, type TaskRunEvent } from '@flowcache/core';
import { FileSystemStorage } from '@flowcache/storage-fs';

interface Sale {
  region: string;
  amount: number;
}

@injectable()
export class SalesReport {
  @Task({ cacheKeyFn: taskInputHash })
  async loadSales(day: string): Promise<Sale[]> {
    await sleep(120); // stands in for a slow query
    return [
      { region: 'north', amount: 1200 },
      { region: 'south', amount: 800 },
      { region: 'north', amount: 300 },
    ].map((sale) => ({ ...sale, amount: sale.amount + day.length }));
  }

  @Task({ cacheKeyFn: taskInputHash })
  async totalsByRegion(sales: Sale[]): Promise<Record<string, number>> {
    await sleep(60); // stands in for heavy computation
    const totals: Record<string, number> = {};
    for (const sale of sales) totals[sale.region] = (totals[sale.region] ?? 0) + sale.amount;
    return totals;
  }

  @Task({ cacheKeyFn: taskInputHash })
  async render(day: string, totals: Record<string, number>): Promise<string> {
    await sleep(30);
    const lines = Object.entries(totals).map(([region, total]) => `${region}=${total}`);
    return `sales ${day}: ${lines.join(', ')}`;
  }

  @Flow()
  async nightly(day: string): Promise<string> {
    const sales = await this.loadSales(day);
    const totals = await this.totalsByRegion(sales);
    return this.render(day, totals);
  }
}

/** Runs the demo with results in `storageDir`; `print` receives each output line. Returns the task runs it saw. */
export async function main(
  print: (line: string) => void = console.log,
  storageDir = '.flowcache',
): Promise<TaskRunEvent[]> {
  const container = new Container();
  const storage = new FileSystemStorage({ basePath: storageDir });
  container.bind(RESULT_STORAGE).toConstantValue(storage);
  const engine = installFlowcache(container);
  print(`results in ${storage.location}`);
  container.bind(SalesReport).toSelf().inSingletonScope();

  const taskRuns: TaskRunEvent[] = [];
  engine.onTaskRun((event) => {
    taskRuns.push(event);
    print(`  ${event.taskName.padEnd(28)} ${event.state.padEnd(10)} ${event.durationMs.toFixed(1).padStart(7)} ms`);
  });

  const report = container.get(SalesReport);
  for (const run of [1, 2]) {
    print(`flow run ${run}`);
    const started = performance.now();
    const text = await report.nightly('2026-11-26');
    print(`  → ${text} (${(performance.now() - started).toFixed(1)} ms)`);
  }
  return taskRuns;
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
