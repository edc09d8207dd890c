import { Flow, Task } from '@flowcache/core';

/** A cached string that would run script if a page inserted it as markup. */
export const HOSTILE_VALUE = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned=2">';
/** A flow parameter that would render bold if a page inserted it as markup. */
export const BOLD_NOTE = '<b>bold</b>';

/** How many times each task body ran, shared by every instance (each engine gets its own instance). */
export interface BodyRuns {
  price: number;
  label: number;
}

/** The flow the UI tests run: two persisted tasks per SKU, keyed by SKU, so a second run is all cache hits. */
export class Warehouse {
  constructor(private readonly bodyRuns: BodyRuns) {}

  @Task({
    persistResult: true,
    cacheKeyFn: (_context, [sku]) => `prices/${String(sku)}`,
    cacheExpiration: { hours: 3 },
  })
  async price(sku: string): Promise<{ sku: string; cents: number }> {
    this.bodyRuns.price++;
    return { sku, cents: 100 * sku.length };
  }

  @Task({ persistResult: true, cacheKeyFn: (_context, [sku]) => `labels/${String(sku)}` })
  async label(_sku: string): Promise<string> {
    this.bodyRuns.label++;
    return HOSTILE_VALUE;
  }

  @Flow()
  async restock(skus: string[], note: string): Promise<string> {
    let cents = 0;
    for (const sku of skus) {
      cents += (await this.price(sku)).cents;
      await this.label(sku);
    }
    return `${note}: ${cents}`;
  }
}
