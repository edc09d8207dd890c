import { benchGrowth } from './growth';
import { benchHistorySize } from './historySize';
import { benchRevalidation } from './revalidation';
import { benchTierBound } from './tierBound';

/**
 * The `memory` section: what flowcache holds in a process that lives for weeks. Each part measures one bound
 * (heap retained, bytes stored) and prints it beside its goal, met or short. Heap figures need a garbage
 * collection on demand: see `collectGarbage`.
 */
const PARTS: readonly (() => Promise<void>)[] = [benchTierBound, benchHistorySize, benchRevalidation, benchGrowth];

export async function benchMemory(): Promise<void> {
  console.log('\n## memory: bounds that hold in long-running processes');
  for (const part of PARTS) await part();
}
