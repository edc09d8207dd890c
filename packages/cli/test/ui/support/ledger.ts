import { Flow, Task, transaction } from '@flowcache/core';

/**
 * A flow whose task runs end in every state, in an order unlike the one pages show them in: Failed, RolledBack,
 * Cached (from the second run on; Completed in the first), then Completed in a subflow.
 */
export class Ledger {
  @Task({ cacheKeyFn: (_context, [day]) => `audits/${String(day)}` })
  async audit(day: string): Promise<number> {
    throw new Error(`the audit of ${day} failed`);
  }

  @Task({ cacheKeyFn: (_context, [name]) => `entries/${String(name)}` })
  async entry(name: string): Promise<string> {
    return name;
  }

  @Flow()
  async close(day: string): Promise<void> {
    await this.audit(day).catch(() => undefined);
    await transaction(async () => {
      await this.entry(`draft-${day}`);
      throw new Error('the draft was discarded');
    }).catch(() => undefined);
    await this.entry('opening');
    await this.totals(day);
  }

  @Flow()
  async totals(day: string): Promise<string> {
    return this.entry(`total-${day}`);
  }
}
