import 'reflect-metadata';
import { Engine, MemoryLockManager, MemoryStorage, Task, TieredStorage, taskInputHash } from '../../../src';
import { RecordingLogger } from '../../support';
import { requiredMembersOnly } from '../../../../../test/support/requiredMembersOnly';
import { tiers } from './support';

class Ledgers {
  runs = 0;

  @Task({ cacheKeyFn: taskInputHash, isolationLevel: 'SERIALIZABLE' })
  async close(day: string): Promise<string> {
    this.runs++;
    return `ledger of ${day}`;
  }
}

describe('TieredStorage under SERIALIZABLE tasks', () => {
  const locks = new MemoryLockManager();
  const host = (local: MemoryStorage, remote: MemoryStorage) => {
    const logger = new RecordingLogger();
    const storage = new TieredStorage({ local, remote, logger });
    const engine = new Engine({ storage, lockManager: locks, logger });
    return { storage, logger, ledgers: engine.attach(new Ledgers()) };
  };

  it('offers versioned reads and conditional writes when the remote does, and they act on the remote', async () => {
    const { local, remote } = tiers();
    const { storage } = host(local, remote);
    expect(typeof storage.getVersioned).toBe('function');
    await remote.put('k', Buffer.from('remote bytes'));
    const read = (await storage.getVersioned!('k'))!;
    expect(Buffer.from(read.bytes).toString()).toBe('remote bytes');
    expect(Buffer.from((await local.get('k'))!).toString()).toBe('remote bytes'); // copied, as any remote read
    await remote.put('k', Buffer.from('another writer'));
    expect(await storage.putIfVersion!('k', Buffer.from('stale'), read.version)).toBe(false);
    expect(Buffer.from((await storage.get('k'))!).toString()).toBe('another writer');
    const current = (await storage.getVersioned!('k'))!;
    expect(await storage.putIfVersion!('k', Buffer.from('fresh'), current.version)).toBe(true);
    expect([Buffer.from((await remote.get('k'))!).toString(), Buffer.from((await local.get('k'))!).toString()]).toEqual(
      ['fresh', 'fresh'],
    );
    const withoutPair = new TieredStorage({
      local: new MemoryStorage(),
      remote: requiredMembersOnly(new MemoryStorage()),
    });
    expect([withoutPair.getVersioned, withoutPair.putIfVersion]).toEqual([undefined, undefined]);
  });

  it('a hit served from the local tier takes no lock and makes no remote request', async () => {
    const { local, remote } = tiers();
    const writer = host(new MemoryStorage({ name: 'writer-host' }), remote);
    expect(await writer.ledgers.close('mon')).toBe('ledger of mon');
    const versionedReads = jest.spyOn(remote, 'getVersioned');

    remote.attempts.get = 0;
    const first = host(local, remote);
    expect(await first.ledgers.close('mon')).toBe('ledger of mon');
    expect([remote.attempts.get, versionedReads.mock.calls.length]).toEqual([1, 0]);

    remote.attempts.get = 0;
    const restarted = host(local, remote);
    expect(await restarted.ledgers.close('mon')).toBe('ledger of mon');
    expect([remote.attempts.get, versionedReads.mock.calls.length, restarted.ledgers.runs]).toEqual([0, 0, 0]);
  });

  it('a miss reads the remote again holding the lock, and writes on the condition of what it found there', async () => {
    const { local, remote } = tiers();
    const versionedReads = jest.spyOn(remote, 'getVersioned');
    const absentWrites = jest.spyOn(remote, 'putIfAbsent');
    const { ledgers } = host(local, remote);
    expect(await ledgers.close('tue')).toBe('ledger of tue');
    expect([versionedReads.mock.calls.length, absentWrites.mock.calls.length]).toEqual([1, 1]);
    expect((await local.list('')).objects.map((object) => object.key)).toEqual(
      (await remote.list('')).objects.map((object) => object.key).filter((key) => !key.startsWith('_flowcache/')),
    );
  });
});
