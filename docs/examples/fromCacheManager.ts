import 'reflect-metadata';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { Controller, Delete, Get, Injectable, Module, Param } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Engine, FlowcacheModule, MemoryStorage, Task, taskInputHash } from '@flowcache/nestjs';

interface Product {
  id: string;
  price: number;
}

@Injectable()
export class Products {
  lookups = 0;
  catalogLoads = 0;

  // CacheInterceptor with @CacheTTL(60_000): one result per argument list (here the id), valid for one minute.
  @Task({ cacheKeyFn: taskInputHash, cacheExpiration: { minutes: 1 } })
  async product(id: string): Promise<Product> {
    this.lookups++;
    return { id, price: id.length * 10 };
  }

  // @CacheKey('catalog'): a key of your own, here the same for every call. Keys are shared by the whole storage,
  // so give them a prefix of the task's own.
  @Task({ cacheKeyFn: () => 'products/catalog', cacheExpiration: { hours: 1 } })
  async catalog(): Promise<string[]> {
    this.catalogLoads++;
    return ['lamp', 'desk'];
  }
}

@Controller('products')
export class ProductsController {
  constructor(
    private readonly products: Products,
    private readonly engine: Engine,
  ) {}

  @Get()
  catalog(): Promise<string[]> {
    return this.products.catalog();
  }

  @Get(':id')
  product(@Param('id') id: string): Promise<Product> {
    return this.products.product(id);
  }

  // CACHE_MANAGER.del('catalog'): drops the engine's memory copy and deletes the stored record.
  @Delete('catalog/cache')
  async forgetCatalog(): Promise<void> {
    await this.engine.invalidate({ key: 'products/catalog' });
  }

  // No cache-manager equivalent: every result of one task, whatever its key.
  @Delete('cache')
  async forgetProducts(): Promise<void> {
    await this.engine.invalidate({ task: Products.prototype.product });
  }
}

export async function main(): Promise<void> {
  let now = Date.UTC(2026, 11, 7, 9);
  // CacheModule.register({ isGlobal: true }) → FlowcacheModule.forRoot, global by default. A real application
  // passes a FileSystemStorage or S3Storage; the clock is here only to show expiry without waiting.
  @Module({
    imports: [FlowcacheModule.forRoot({ storage: new MemoryStorage(), clock: () => now })],
    controllers: [ProductsController],
    providers: [Products],
  })
  class AppModule {}

  const app = await NestFactory.create(AppModule, { logger: false });
  await app.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}/products`;
  const get = async (path: string) => (await fetch(`${base}${path}`)).text();
  const del = async (path: string) => assert.equal((await fetch(`${base}${path}`, { method: 'DELETE' })).status, 200);
  try {
    const products = app.get(Products);

    assert.equal(await get('/p1'), '{"id":"p1","price":20}');
    assert.equal(await get('/p1'), '{"id":"p1","price":20}');
    assert.equal(products.lookups, 1); // the second request was served from the cache
    now += 61_000;
    await get('/p1');
    assert.equal(products.lookups, 2); // expired after a minute: looked up again

    await get('');
    await get('');
    assert.equal(products.catalogLoads, 1);
    await del('/catalog/cache');
    await get('');
    assert.equal(products.catalogLoads, 2); // deleted: loaded again

    await del('/cache');
    await get('/p1');
    assert.equal(products.lookups, 3);
  } finally {
    await app.close();
  }
}
