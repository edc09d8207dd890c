/**
 * Hashing a DataFrame-like table. A columnar table carries typed-array columns plus derived state (an index
 * built lazily, cached statistics) that must not change its cache key. `registerHasher` teaches flowcache a
 * class you do not own; a `[hashKey]()` method does the same for a class of your own.
 */
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { Container, injectable } from 'inversify';
import {
  Flow,
  hashKey,
  installFlowcache,
  MemoryStorage,
  registerHasher,
  RESULT_STORAGE,
  Task,
  taskInputHash,
  type StablyHashable,
} from '@flowcache/core';

/** Stands in for a third-party DataFrame: columns plus lazily built state. */
export class DataFrame {
  private statistics: Map<string, number> | undefined;
  constructor(readonly columns: Record<string, Float64Array | string[]>) {}

  mean(column: string): number {
    this.statistics ??= new Map();
    const values = this.columns[column] as Float64Array;
    const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
    this.statistics.set(column, mean);
    return mean;
  }
}

// The key of a DataFrame is its column names and contents; typed arrays are hashed as raw bytes.
registerHasher(DataFrame, (frame) => frame.columns);

/** A class of our own says what identifies it. */
export class ModelConfig implements StablyHashable {
  constructor(
    readonly name: string,
    readonly threshold: number,
    readonly onProgress: (done: number) => void = () => undefined,
  ) {}

  [hashKey](): unknown {
    return { name: this.name, threshold: this.threshold }; // the callback is not part of the identity
  }
}

@injectable()
export class Scoring {
  fits = 0;

  @Task({ cacheKeyFn: taskInputHash })
  async fit(frame: DataFrame, config: ModelConfig): Promise<number> {
    this.fits++;
    return frame.mean('amount') > config.threshold ? 1 : 0;
  }

  @Flow()
  async score(frame: DataFrame, config: ModelConfig): Promise<number> {
    return this.fit(frame, config);
  }
}

export async function main(print: (line: string) => void = console.log): Promise<void> {
  const container = new Container();
  container.bind(RESULT_STORAGE).toConstantValue(new MemoryStorage()); // the same output on every run
  installFlowcache(container);
  container.bind(Scoring).toSelf().inSingletonScope();
  const scoring = container.get(Scoring);

  const frame = new DataFrame({ region: ['eu', 'us', 'eu'], amount: new Float64Array([10, 20, 30]) });
  const config = new ModelConfig('baseline', 15, (done) => print(`progress ${done}`));

  const fits = () => `${scoring.fits} fit${scoring.fits === 1 ? '' : 's'} so far`;
  print(`first fit: ${await scoring.score(frame, config)} (${fits()})`); // fits, and fills frame's statistics
  const copy = new DataFrame({ region: ['eu', 'us', 'eu'], amount: new Float64Array([10, 20, 30]) });
  print(`equal data, other instance: ${await scoring.score(copy, new ModelConfig('baseline', 15))} (${fits()}: a hit)`);
  const changed = new DataFrame({ region: ['eu', 'us', 'eu'], amount: new Float64Array([10, 20, 31]) });
  print(`one value changed: ${await scoring.score(changed, config)} (${fits()}: a miss)`);
  assert.equal(scoring.fits, 2);
}

if (require.main === module) void main();
