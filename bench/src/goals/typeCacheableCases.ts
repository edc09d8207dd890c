import 'reflect-metadata';
import { Cacheable } from '@type-cacheable/core';
import { useAdapter } from '@type-cacheable/lru-cache-adapter';
import { LRUCache } from 'lru-cache';
import { type BatchCase, eachAwaited } from '../paired/BatchCase';
import { type Query, SALES, type Sale, freshQuery } from './serviceValues';

const client = useAdapter(new LRUCache<string, object>({ max: 1000 }));

class TypeCacheableSales {
  runs = 0;

  @Cacheable({ client })
  async loadSales(_day: string): Promise<readonly Sale[]> {
    this.runs++;
    return SALES;
  }

  @Cacheable({ client })
  async findSales(_query: Query): Promise<readonly Sale[]> {
    this.runs++;
    return SALES;
  }
}

function hitsOnly(service: TypeCacheableSales, run: BatchCase['run']): BatchCase {
  return {
    run,
    close: () => {
      if (service.runs !== 1) throw new Error(`type-cacheable ran its body ${service.runs} times, not once`);
    },
  };
}

/** `@type-cacheable/core` + lru-cache hit, a string argument. */
export async function typeCacheableStringHit(): Promise<BatchCase> {
  const service = new TypeCacheableSales();
  return hitsOnly(
    service,
    eachAwaited(() => service.loadSales('2026-11-26')),
  );
}

/** `@type-cacheable/core` + lru-cache hit, an object argument built fresh per call. */
export async function typeCacheableObjectHit(): Promise<BatchCase> {
  const service = new TypeCacheableSales();
  return hitsOnly(
    service,
    eachAwaited(() => service.findSales(freshQuery())),
  );
}
