/**
 * A key that changes every day: the exchange-rate report is computed once per calendar day (in UTC), however
 * many flow runs, retries and processes ask for it that day, and expires after 36 hours in any case.
 */
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { Container, injectable } from 'inversify';
import {
  Flow,
  installFlowcache,
  MemoryStorage,
  RESULT_STORAGE,
  stableHash,
  Task,
  type CacheKeyFn,
} from '@flowcache/core';

/** The task's name, the UTC date of the call and a hash of the arguments. */
export const dailyKey: CacheKeyFn = (context, args) =>
  `${context.task.name}/${context.now.toISOString().slice(0, 10)}/${stableHash(args)}`;

@injectable()
export class Rates {
  downloads = 0;

  @Task({ cacheKeyFn: dailyKey, cacheExpiration: { hours: 36 } })
  async download(base: string): Promise<Record<string, number>> {
    this.downloads++; // stands in for a slow call to a rates provider
    return { EUR: 1, USD: 1.08 + this.downloads / 100, base: base.length };
  }

  @Flow()
  async report(base: string): Promise<string> {
    const rates = await this.download(base);
    return `${base}→USD ${rates.USD.toFixed(2)}`;
  }
}

export async function main(print: (line: string) => void = console.log): Promise<void> {
  // A clock the example moves by hand; production code leaves `clock` out and gets Date.now.
  let now = Date.UTC(2026, 10, 26, 9, 0);
  const container = new Container();
  // Results in this process only, so the example shows the same thing every time it runs; leave the binding out
  // and they persist to the default storage, shared by every run.
  container.bind(RESULT_STORAGE).toConstantValue(new MemoryStorage());
  installFlowcache(container, { clock: () => now });
  container.bind(Rates).toSelf().inSingletonScope();
  const rates = container.get(Rates);

  print(`09:00 ${await rates.report('EUR')}`);
  now += 8 * 3_600_000;
  print(`17:00 ${await rates.report('EUR')}`); // same day: cached
  now += 8 * 3_600_000;
  print(`01:00 next day ${await rates.report('EUR')}`); // new date, new key: downloaded again
  assert.equal(rates.downloads, 2);
}

if (require.main === module) void main();
