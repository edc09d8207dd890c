import 'reflect-metadata';
import { ConfigurationError, MemoryStorage, TieredStorage } from '../../../src';
import { FailingStorage } from '../../../../../test/support/failingStorage';
import { keysIn, tieredProcess, tiers } from './support';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('TieredStorage with a failing local tier', () => {
  it('reads and writes through the remote alone, with one warning per kind of failure', async () => {
    const local = new FailingStorage().fail('get').fail('put').fail('delete');
    const { remote } = tiers();
    const worker = tieredProcess(local, remote);
    expect(await worker.rates.rate('eur')).toBe('eur:1');
    expect(await worker.rates.rate('usd')).toBe('usd:2');
    expect(await keysIn(remote)).toHaveLength(2);

    const restarted = tieredProcess(local, remote);
    expect(await restarted.rates.rate('eur')).toBe('eur:1');
    expect(await restarted.rates.rate('usd')).toBe('usd:2');
    expect(restarted.rates.runs).toBe(0);
    expect(restarted.logger.warnings.map((warning) => warning.replace(/"[^"]*"/g, 'KEY'))).toEqual([
      'the local tier memory://default failed to read KEY (get KEY in memory://default failed: AccessDenied): ' +
        'reads go to memory://default; further failures to read there are not reported until one works again',
      'the local tier memory://default failed to write KEY (put KEY in memory://default failed: AccessDenied): ' +
        'results are written to memory://default only; further failures to write there are not reported until one ' +
        'works again',
      'the local tier memory://default failed to delete KEY (delete KEY in memory://default failed: AccessDenied): ' +
        'this process reads KEY from memory://default from now on, but other processes on this host may serve the ' +
        'copy left there until localTtlMs passes or the local tier is cleared; further failures to delete there are ' +
        'not reported until one works again',
    ]);
  });

  it('never serves a copy it could neither replace nor delete (a disk that reads but cannot write)', async () => {
    const { remote } = tiers();
    const readOnly = new FailingStorage();
    const worker = tieredProcess(readOnly, remote);
    await readOnly.put('report', bytes('old'));
    await remote.put('report', bytes('old'));
    readOnly.fail('put').fail('delete');
    await worker.storage.put('report', bytes('new'));
    expect(await readOnly.get('report')).toEqual(bytes('old'));
    expect(await worker.storage.get('report')).toEqual(bytes('new'));
    await worker.storage.delete('report');
    expect(await worker.storage.get('report')).toBeUndefined();
    readOnly.recover('put').recover('delete');
    await worker.storage.put('report', bytes('newer'));
    remote.attempts.get = 0;
    expect(await worker.storage.get('report')).toEqual(bytes('newer'));
    expect(remote.attempts.get).toBe(0); // written again, the local copy is served again
  });

  it('refuses bad options with a ConfigurationError naming the option', () => {
    const remote = new MemoryStorage();
    const make = (options: unknown) => () => new TieredStorage(options as never);
    expect(make({ remote })).toThrow(
      new ConfigurationError(
        'TieredStorage option `local` must be a result storage (a FileSystemStorage, an S3Storage, ...), got undefined',
      ),
    );
    expect(make({ local: remote, remote })).toThrow('`local` and `remote` are the same storage');
    expect(make({ local: new MemoryStorage(), remote, localTtlMs: 0 })).toThrow(
      'TieredStorage option `localTtlMs` must be a number of milliseconds above 0 (or Infinity, the default), got 0',
    );
    expect(make({ local: new MemoryStorage(), remote: 's3://bucket' })).toThrow(ConfigurationError);
  });

  it('names both tiers in its location', () => {
    const storage = new TieredStorage({ local: new MemoryStorage({ name: 'disk' }), remote: new MemoryStorage() });
    expect(storage.location).toBe('tiered://local=memory://disk;remote=memory://default');
  });
});
