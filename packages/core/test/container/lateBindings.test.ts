import 'reflect-metadata';
import { Container, injectable } from 'inversify';
import {
  ConfigurationError,
  FLOWCACHE_SETTINGS,
  installFlowcache,
  jsonSerializer,
  LOCK_MANAGER,
  MemoryLockManager,
  MemoryStorage,
  RESULT_SERIALIZER,
  RESULT_STORAGE,
  Task,
  taskInputHash,
  type Serializer,
} from '../../src';
import { recordKeys, RecordingLogger } from '../support';

@injectable()
class Sales {
  runs = 0;

  @Task({ cacheKeyFn: taskInputHash, persistResult: true })
  async total(day: string): Promise<number> {
    this.runs++;
    return day.length;
  }
}

@injectable()
class Ledger {
  @Task({ cacheKeyFn: taskInputHash, isolationLevel: 'SERIALIZABLE' })
  async post(entry: string): Promise<string> {
    return entry;
  }
}

function newContainer(): Container {
  const container = new Container();
  installFlowcache(container, { logger: new RecordingLogger() });
  container.bind(Sales).toSelf().inSingletonScope();
  return container;
}

describe('RESULT_STORAGE bound after installing flowcache', () => {
  it('is where results are persisted and found', async () => {
    const storage = new MemoryStorage();
    const first = newContainer();
    first.bind(RESULT_STORAGE).toConstantValue(storage);
    await first.get(Sales).total('mon');
    expect(await recordKeys(storage)).toHaveLength(1);

    const second = newContainer(); // another process sharing the storage
    second.bind(RESULT_STORAGE).toConstantValue(storage);
    await expect(second.get(Sales).total('mon')).resolves.toBe(3);
    expect(second.get(Sales).runs).toBe(0);
  });

  it('may be rebound until its first use; the binding of that use is the one kept', async () => {
    const replaced = new MemoryStorage({ name: 'replaced' });
    const kept = new MemoryStorage({ name: 'kept' });
    const container = newContainer();
    container.bind(RESULT_STORAGE).toConstantValue(replaced);
    container.rebind(RESULT_STORAGE).toConstantValue(kept);
    const sales = container.get(Sales);
    await sales.total('mon');
    await sales.total('tuesday');
    expect(await recordKeys(replaced)).toEqual([]);
    expect(await recordKeys(kept)).toHaveLength(2);
  });

  it('is resolved once even when its binding is transient', async () => {
    let made = 0;
    const container = newContainer();
    container.bind(RESULT_STORAGE).toDynamicValue(() => {
      made++;
      return new MemoryStorage();
    });
    const sales = container.get(Sales);
    await sales.total('mon');
    await sales.total('tue');
    expect(made).toBe(1);
  });
});

describe('a default binding changed after its first use', () => {
  const refusal = new RegExp(
    String.raw`RESULT_STORAGE was rebound or unbound after flowcache had used it\. The choice is fixed from its ` +
      String.raw`first use \(the first stored result the engine reads or writes: a persisted call, a flow run's ` +
      String.raw`history or engine\.invalidate\) on, because results would be split between the storage used so ` +
      String.raw`far and the new one\. Bind RESULT_STORAGE before that first use`,
  );

  it('fails the next call that needs it, writing nothing to either storage', async () => {
    const used = new MemoryStorage({ name: 'used' });
    const later = new MemoryStorage({ name: 'later' });
    const container = newContainer();
    container.bind(RESULT_STORAGE).toConstantValue(used);
    const sales = container.get(Sales);
    await sales.total('mon');

    container.rebind(RESULT_STORAGE).toConstantValue(later);
    await expect(sales.total('tue')).rejects.toThrow(ConfigurationError);
    await expect(sales.total('tue')).rejects.toThrow(refusal);
    expect(sales.runs).toBe(1);
    expect(await recordKeys(used)).toHaveLength(1);
    expect(await recordKeys(later)).toEqual([]);
    await expect(sales.total('mon')).resolves.toBe(3); // kept in memory: no storage needed
  });

  it('is refused when unbound, and when bound after the default storage was used', async () => {
    const unbound = newContainer();
    unbound.bind(RESULT_STORAGE).toConstantValue(new MemoryStorage());
    await unbound.get(Sales).total('mon');
    unbound.unbind(RESULT_STORAGE);
    await expect(unbound.get(Sales).total('tue')).rejects.toThrow(refusal);

    const boundLate = newContainer();
    await boundLate.get(Sales).total('mon'); // persisted in the default storage (the defaultStorage setting)
    boundLate.bind(RESULT_STORAGE).toConstantValue(new MemoryStorage());
    await expect(boundLate.get(Sales).total('tue')).rejects.toThrow(
      new RegExp(
        String.raw`RESULT_STORAGE was bound after flowcache had used its default instead\. The choice is fixed ` +
          '.*split between the storage used so far and the new one',
      ),
    );
  });
});

describe('RESULT_SERIALIZER and LOCK_MANAGER bound after installing flowcache', () => {
  it('encode the results persisted', async () => {
    const written: unknown[] = [];
    const recording: Serializer = {
      id: 'recording/v1',
      serialize: (value) => {
        written.push(value);
        return jsonSerializer.serialize(value);
      },
      deserialize: (bytes) => jsonSerializer.deserialize(bytes),
    };
    const container = newContainer();
    container.bind(RESULT_STORAGE).toConstantValue(new MemoryStorage());
    container.bind(RESULT_SERIALIZER).toConstantValue(recording);
    await container.get(Sales).total('mon');
    expect(written).toEqual([3]);
  });

  it('lets a service with SERIALIZABLE tasks be resolved', async () => {
    const container = newContainer();
    container.bind(Ledger).toSelf();
    container.bind(LOCK_MANAGER).toConstantValue(new MemoryLockManager());
    await expect(container.get(Ledger).post('rent')).resolves.toBe('rent');
  });

  it('are checked like options: a serializer id no record could carry is refused at first use', async () => {
    const container = newContainer();
    container.bind(RESULT_STORAGE).toConstantValue(new MemoryStorage());
    container.bind(RESULT_SERIALIZER).toConstantValue({ ...jsonSerializer, id: 'bad id' });
    await expect(container.get(Sales).total('mon')).rejects.toThrow(
      /the RESULT_SERIALIZER binding: serializer id "bad id"/,
    );
  });
});

describe('a binding the engine was built from, changed after installing', () => {
  it('is refused when a service with tasks is resolved, naming the token', () => {
    const container = newContainer();
    const settings = container.get(FLOWCACHE_SETTINGS);
    container.rebind(FLOWCACHE_SETTINGS).toConstantValue({ ...settings, memoryCacheSize: 5 });
    expect(() => container.get(Sales)).toThrow(ConfigurationError);
    expect(() => container.get(Sales)).toThrow(
      new RegExp(
        'FLOWCACHE_SETTINGS was bound, rebound or unbound after flowcache was installed in this ' +
          'container.*Bind FLOWCACHE_SETTINGS before installFlowcache',
      ),
    );
  });
});
