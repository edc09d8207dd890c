import 'reflect-metadata';
import { Engine, Flow, Task, type ResultStorage } from '@flowcache/core';

/** A flow run with more task runs and subflows than the history keeps in detail with `runHistoryDetail: 2`. */
export class Busy {
  @Task({ cacheKeyFn: (_context, [id]) => `busy/${String(id)}` })
  async item(id: number): Promise<number> {
    return id;
  }

  @Flow({ name: 'part' })
  async part(id: number): Promise<number> {
    return this.item(id);
  }

  /**
   * Kept in detail: item(1) Completed, then Cached. Counted: 1 199 Cached and item(2) Completed. Subflows part(1),
   * part(2) in detail (their task run counted: the budget is spent), part(3) counted with its Completed task run.
   */
  @Flow({ name: 'busy' })
  async busy(): Promise<void> {
    for (let call = 0; call <= 1200; call++) await this.item(1);
    await this.item(2);
    for (const id of [1, 2, 3]) await this.part(id);
  }
}

/** Runs the busy flow once into `storage`, keeping 2 task runs and 2 subflows in detail. */
export async function runBusyFlow(storage: ResultStorage): Promise<void> {
  await new Engine({ storage, settings: { runHistoryDetail: 2 }, logger: { warn: () => undefined } })
    .attach(new Busy())
    .busy();
}
