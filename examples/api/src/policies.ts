import 'reflect-metadata';
import assert from 'node:assert/strict';
import { AsyncLocalStorage } from 'node:async_hooks';
import {
  CachePolicy,
  compose,
  DEFAULT,
  Engine,
  explainKey,
  FLOW_PARAMETERS,
  Flow,
  FlowParameters,
  INPUTS,
  Inputs,
  NONE,
  NoCache,
  RUN_ID,
  RunId,
  Task,
  TASK_SOURCE,
  TaskSource,
  type TaskRunContext,
} from '@flowcache/core';

// A policy of your own: the tenant of the current request is part of every key, so tenants never share results.
const tenants = new AsyncLocalStorage<string>();
class TenantPolicy extends CachePolicy {
  readonly name = 'tenant';
  keyPart(_context: TaskRunContext): string | undefined {
    return tenants.getStore();
  }
}
const PER_TENANT = INPUTS.add(TASK_SOURCE, new TenantPolicy());

class Catalog {
  searches = 0;
  summaries = 0;

  // Reused across flow runs; the `trace` argument never splits the cache.
  @Task({ cachePolicy: INPUTS.without('trace').add(TASK_SOURCE) })
  async search(query: string, trace?: string): Promise<string[]> {
    this.searches++;
    return [`${query}-1`, `${query}-2`];
  }

  // Reused for flow runs with the same parameters, whatever the task's own arguments.
  @Task({ cachePolicy: FLOW_PARAMETERS.add(TASK_SOURCE) })
  async summary(items: string[]): Promise<string> {
    this.summaries++;
    return items.join(', ');
  }

  @Task({ cachePolicy: PER_TENANT })
  async prices(sku: string): Promise<number> {
    return sku.length + (tenants.getStore() === 'acme' ? 0 : 100);
  }

  @Task({ cachePolicy: NONE }) // never cached
  async now(): Promise<number> {
    return Date.now();
  }

  @Flow()
  async nightly(query: string): Promise<string> {
    return this.summary(await this.search(query, `trace-${Math.random()}`));
  }
}

export async function main(): Promise<void> {
  const catalog = new Engine().attach(new Catalog());
  await catalog.nightly('lamps');
  await catalog.nightly('lamps');
  assert.equal(catalog.searches, 1);
  assert.equal(catalog.summaries, 1);

  assert.equal(await tenants.run('acme', () => catalog.prices('sku-1')), 5);
  assert.equal(await tenants.run('globex', () => catalog.prices('sku-1')), 105);

  // Composition is commutative, NONE is its identity, duplicates count once; the canonical order is by name.
  assert.equal(String(DEFAULT), 'inputs + runId + taskSource');
  assert.equal(String(compose(RUN_ID, TASK_SOURCE, INPUTS, NONE, INPUTS)), String(DEFAULT));
  assert.equal(String(PER_TENANT), 'inputs + taskSource + tenant');
  assert.equal(explainKey(catalog, 'search', ['lamps', 'a']).key, explainKey(catalog, 'search', ['lamps', 'b']).key);

  // The constants are instances of small classes, which can be built with options too.
  assert.ok(INPUTS instanceof Inputs && TASK_SOURCE instanceof TaskSource && RUN_ID instanceof RunId);
  assert.ok(FLOW_PARAMETERS instanceof FlowParameters && NONE instanceof NoCache);
  assert.equal(String(new Inputs(['trace'])), 'inputs without trace');
}
