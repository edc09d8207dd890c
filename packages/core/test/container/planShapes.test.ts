import 'reflect-metadata';
import type { PlanResult } from '@inversifyjs/core';
import { Plugin, type PluginApi } from '@inversifyjs/plugin';
import { Container, inject, injectable, multiInject, optional, unmanaged } from 'inversify';
import { Task, taskInputHash } from '../../src';
import { collectServiceIdentifiers } from '../../src/container/collectServiceIdentifiers';
import { installedContainer, states } from '../support';

// A service with a task, reached only through the dependency shape each test builds. Its calls reach the
// container's engine only when flowcache saw its service identifier in the plan; otherwise they run on the default
// engine and the container's engine reports nothing.
@injectable()
class Counter {
  @Task({ cacheKeyFn: taskInputHash })
  async count(word: string): Promise<number> {
    return word.length;
  }
}

/** Besides a Counter, an optional dependency that has no binding and a constructor parameter left unmanaged. */
@injectable()
class WithOptionalAndUnmanaged {
  constructor(
    @inject(Counter) readonly counter: Counter,
    @inject('absent') @optional() readonly absent: unknown,
    @unmanaged() readonly label: string = 'plain',
  ) {}
}

const INTERCEPTED = ['Counter.count:Completed', 'Counter.count:Cached'];

function containerWithCounter(): ReturnType<typeof installedContainer> {
  const installed = installedContainer();
  installed.container.bind(Counter).toSelf();
  return installed;
}

async function countTwice(counter: Counter): Promise<void> {
  await counter.count('apple');
  await counter.count('apple');
}

describe('services reached through each shape of an inversify plan run on the container engine', () => {
  it('through an injected property', async () => {
    @injectable()
    class Holder {
      @inject(Counter) readonly counter!: Counter;
    }
    const { container, taskRuns } = containerWithCounter();
    container.bind(Holder).toSelf();
    await countTwice(container.get(Holder).counter);
    expect(states(taskRuns)).toEqual(INTERCEPTED);
  });

  it('through the parameters of a resolved value', async () => {
    const { container, taskRuns } = containerWithCounter();
    container.bind('wrapped').toResolvedValue((counter: Counter) => ({ counter }), [Counter]);
    await countTwice(container.get<{ counter: Counter }>('wrapped').counter);
    expect(states(taskRuns)).toEqual(INTERCEPTED);
  });

  it('through a redirection (toService)', async () => {
    const { container, taskRuns } = containerWithCounter();
    container.bind('alias').toService(Counter);
    await countTwice(container.get<Counter>('alias'));
    expect(states(taskRuns)).toEqual(INTERCEPTED);
  });

  it('through every binding of a multi-injection', async () => {
    @injectable()
    class Source {
      constructor(@inject(Counter) readonly counter: Counter) {}
    }
    @injectable()
    class Sources {
      constructor(@multiInject('source') readonly all: Source[]) {}
    }
    const { container, taskRuns } = containerWithCounter();
    container.bind('source').to(Source);
    container.bind('source').to(Source);
    container.bind(Sources).toSelf();
    const sources = container.get(Sources).all;
    expect(sources).toHaveLength(2);
    for (const source of sources) await source.counter.count('apple');
    expect(states(taskRuns)).toEqual(INTERCEPTED);
  });

  it('next to an optional dependency that has no binding, and a constructor parameter left unmanaged', async () => {
    const { container, taskRuns } = containerWithCounter();
    container.bind(WithOptionalAndUnmanaged).toSelf();
    const holder = container.get(WithOptionalAndUnmanaged);
    expect([holder.absent, holder.label]).toEqual([undefined, 'plain']);
    await countTwice(holder.counter);
    expect(states(taskRuns)).toEqual(INTERCEPTED);
  });
});

describe('collectServiceIdentifiers', () => {
  it('names the services of a plan, and nothing for an unmanaged constructor parameter', () => {
    const plans: PlanResult[] = [];
    class RecordingPlans extends Plugin<Container> {
      load(api: PluginApi): void {
        api.onPlan((_options, result) => plans.push(result));
      }
    }
    const container = new Container();
    container.register(RecordingPlans);
    container.bind(Counter).toSelf();
    container.bind(WithOptionalAndUnmanaged).toSelf();
    container.get(WithOptionalAndUnmanaged);
    expect(plans).toHaveLength(1);
    const identifiers = [...collectServiceIdentifiers(plans[0]!.tree.root)];
    expect(identifiers).toStrictEqual([WithOptionalAndUnmanaged, Counter, 'absent']);
  });
});
