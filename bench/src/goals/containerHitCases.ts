import 'reflect-metadata';
import { MemoryStorage, RESULT_STORAGE, Task, installFlowcache, taskInputHash } from '@flowcache/core';
import { Container, injectable } from 'inversify';
import { type BatchCase, eachAwaited } from '../paired/BatchCase';
import { type Query, SALES, type Sale, freshQuery } from './serviceValues';

@injectable()
class SalesService {
  runs = 0;

  @Task({ cacheKeyFn: taskInputHash })
  async findSales(_query: Query): Promise<readonly Sale[]> {
    this.runs++;
    return SALES;
  }
}

/** Goal 2: a memory hit outside a flow on a container-resolved service, an object argument built per call. */
export async function flowcacheContainerObjectHit(): Promise<BatchCase> {
  const container = new Container();
  container.bind(RESULT_STORAGE).toConstantValue(new MemoryStorage());
  installFlowcache(container);
  container.bind(SalesService).toSelf().inSingletonScope();
  const service = container.get(SalesService);
  return {
    run: eachAwaited(() => service.findSales(freshQuery())),
    close: () => {
      if (service.runs !== 1) throw new Error(`the task ran ${service.runs} times, not once`);
    },
  };
}
