import 'reflect-metadata';
import { StorageError } from '../../../src';
import { keysIn, tieredProcess, tiers } from './support';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('TieredStorage writes', () => {
  it('writes a result to both tiers', async () => {
    const { local, remote } = tiers();
    await tieredProcess(local, remote).rates.rate('eur');
    const [key] = await keysIn(remote);
    expect(await keysIn(local)).toEqual([key]);
    expect(await local.get(key)).toEqual(await remote.get(key));
  });

  it('writes nothing locally when the remote write fails: a result is never only local', async () => {
    const { local, remote } = tiers();
    const { storage } = tieredProcess(local, remote);
    remote.fail('put');
    await expect(storage.put('report', bytes('total'))).rejects.toThrow(StorageError);
    expect(await local.get('report')).toBeUndefined();
  });

  it('keeps the remote failure as it is: a transient one stays transient', async () => {
    const { local, remote } = tiers();
    const { storage } = tieredProcess(local, remote);
    remote.failNext('put', 1, { transient: true }).failNext('get', 1, { transient: true });
    await expect(storage.put('report', bytes('total'))).rejects.toMatchObject({ transient: true });
    await expect(storage.get('report')).rejects.toMatchObject({ transient: true });
  });

  it('streams a large object to the remote and drops the local copy, which the next read fills', async () => {
    const { local, remote } = tiers();
    const { storage } = tieredProcess(local, remote);
    await storage.put('model', bytes('old'));
    const chunks = async function* () {
      yield bytes('new ');
      yield bytes('weights');
    };
    await storage.putStream('model', chunks());
    expect([await remote.get('model'), await local.get('model')]).toEqual([bytes('new weights'), undefined]);
    expect(await storage.get('model')).toEqual(bytes('new weights'));
    expect(await local.get('model')).toEqual(bytes('new weights'));
  });

  it('lets the remote decide putIfAbsent, and copies only what it created', async () => {
    const { local, remote } = tiers();
    const { storage } = tieredProcess(local, remote);
    await remote.put('taken', bytes('theirs'));
    expect(await storage.putIfAbsent('taken', bytes('mine'))).toBe(false);
    expect(await local.get('taken')).toBeUndefined();
    expect(await storage.putIfAbsent('free', bytes('mine'))).toBe(true);
    expect(await local.get('free')).toEqual(bytes('mine'));
  });

  it('deletes from both tiers: engine.invalidate leaves no local copy to serve', async () => {
    const { local, remote } = tiers();
    const first = tieredProcess(local, remote);
    await first.rates.rate('eur');
    await first.engine.invalidate('all');
    expect(await keysIn(remote)).toEqual([]);
    expect(await keysIn(local)).toEqual([]);
    const restarted = tieredProcess(local, remote);
    restarted.rates.runs = 1;
    expect(await restarted.rates.rate('eur')).toBe('eur:2');
  });

  it('lists and stats the remote only, the source of truth', async () => {
    const { local, remote } = tiers();
    const { storage } = tieredProcess(local, remote);
    await local.put('only-local', bytes('x'));
    await remote.put('only-remote', bytes('y'));
    expect((await storage.list('')).objects.map((object) => object.key)).toEqual(['only-remote']);
    expect(await storage.stat('only-local')).toBeUndefined();
    expect((await storage.stat('only-remote'))?.size).toBe(1);
  });
});
