import { Engine, MemoryStorage, Task, TieredStorage, taskInputHash, type ResultStorage } from '../../../src';
import { FailingStorage } from '../../../../../test/support/failingStorage';
import { RecordingLogger } from '../../support';

/** A task whose runs are counted, with a key of its input and records that expire after an hour. */
export class Rates {
  runs = 0;

  @Task({ cacheKeyFn: taskInputHash, cacheExpiration: { hours: 1 } })
  async rate(currency: string): Promise<string> {
    this.runs++;
    return `${currency}:${this.runs}`;
  }
}

/** A clock that runs with real time (memory and file storages stamp objects with it), moved ahead by `advance`. */
export function aheadClock(): { read: () => number; advance(ms: number): void } {
  let offset = 0;
  return {
    read: () => Date.now() + offset,
    advance: (ms) => {
      offset += ms;
    },
  };
}

/** One process (an engine) reading and writing through a tiered storage of `local` in front of `remote`. */
export function tieredProcess(
  local: ResultStorage,
  remote: ResultStorage,
  options: { clock?: () => number; localTtlMs?: number; signingKeys?: readonly string[] } = {},
) {
  const logger = new RecordingLogger();
  const clock = options.clock ?? Date.now;
  const storage = new TieredStorage({ local, remote, logger, clock, localTtlMs: options.localTtlMs });
  const engine = new Engine({ storage, logger, clock, settings: { signingKeys: options.signingKeys ?? [] } });
  return { storage, engine, logger, rates: engine.attach(new Rates()) };
}

/** A remote whose reads are counted (ignoring nothing) and a local memory tier. */
export function tiers(): { local: MemoryStorage; remote: FailingStorage } {
  return { local: new MemoryStorage({ name: 'local' }), remote: new FailingStorage() };
}

/** The keys of the records a storage holds. */
export async function keysIn(storage: ResultStorage): Promise<string[]> {
  return (await storage.list('')).objects.map((object) => object.key);
}
