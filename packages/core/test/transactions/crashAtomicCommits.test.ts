import 'reflect-metadata';
import {
  Engine,
  MemoryStorage,
  StorageError,
  Task,
  transaction,
  type FlowcacheSettings,
  type TaskRunEvent,
} from '../../src';
import { CacheInspector, COMMIT_MARKER_PREFIX, readStoredMetadata } from '../../src/records';
import { encodeCommitMarker } from '../../src/transactions/commitMarker';
import { RecordingLogger, recordKeys } from '../support';

const HOUR = 3_600_000;

/** A MemoryStorage that logs its puts and stats, and can refuse to store commit markers. */
class WatchedStorage extends MemoryStorage {
  readonly puts: string[] = [];
  readonly stats: string[] = [];
  refuseMarkers = false;

  override async put(key: string, bytes: Uint8Array): Promise<void> {
    if (this.refuseMarkers && key.startsWith(COMMIT_MARKER_PREFIX))
      throw new StorageError(this.location, 'put', key, new Error('disk full'));
    this.puts.push(key);
    await super.put(key, bytes);
  }

  override async stat(key: string) {
    this.stats.push(key);
    return super.stat(key);
  }

  markers(): Promise<string[]> {
    return this.list(COMMIT_MARKER_PREFIX).then((page) => page.objects.map((object) => object.key));
  }
}

class Billing {
  bodyRuns = 0;

  @Task({ cacheKeyFn: (_context, [customer]) => `usage/${String(customer)}` })
  async usage(customer: string): Promise<number> {
    this.bodyRuns++;
    return customer.length;
  }

  @Task({ cacheKeyFn: (_context, [customer]) => `invoice/${String(customer)}` })
  async invoice(customer: string): Promise<string> {
    this.bodyRuns++;
    return `invoice of ${customer}`;
  }

  @Task({ cacheKeyFn: (_context, [customer]) => `email/${String(customer)}`, persistMode: 'background' })
  async email(customer: string): Promise<string> {
    this.bodyRuns++;
    return `mail to ${customer}`;
  }
}

const KEYS = ['invoice/acme', 'usage/acme'];
const GLOBEX_KEYS = ['usage/globex', 'invoice/globex'];

/** A process of its own: an engine on the shared storage, with its clock, logger and events. */
function processOn(
  storage: WatchedStorage,
  { now = Date.now(), settings = {} }: { now?: number; settings?: Partial<FlowcacheSettings> } = {},
) {
  const logger = new RecordingLogger();
  const engine = new Engine({
    storage,
    logger,
    clock: () => now,
    settings: { persistResultsByDefault: true, ...settings },
  });
  const events: TaskRunEvent[] = [];
  engine.onTaskRun((event) => events.push(event));
  const billing = engine.attach(new Billing());
  const bill = (customer: string) =>
    transaction(async () => [await billing.usage(customer), await billing.invoice(customer)], { engine });
  const readBoth = async (customer: string) => [await billing.usage(customer), await billing.invoice(customer)];
  return { engine, logger, events, billing, bill, readBoth };
}

describe('a commit of several records', () => {
  it('writes a single record alone: one put, no commit id, no marker', async () => {
    const storage = new WatchedStorage();
    await processOn(storage).billing.usage('acme');
    expect(storage.puts).toEqual(['usage/acme']);
    expect((await readStoredMetadata(storage, 'usage/acme'))?.commitId).toBeUndefined();
  });

  it('writes its records, each carrying the commit id, then one marker listing them', async () => {
    const storage = new WatchedStorage();
    await processOn(storage).bill('acme');
    const [marker] = await storage.markers();
    expect(storage.puts.slice(0, 2).sort()).toEqual(KEYS);
    expect(storage.puts.slice(2)).toEqual([marker]);
    const commitIds = await Promise.all(KEYS.map(async (key) => (await readStoredMetadata(storage, key))?.commitId));
    expect(marker).toBe(`${COMMIT_MARKER_PREFIX}${commitIds[0]}.json`);
    expect(commitIds[1]).toBe(commitIds[0]);
    const listed = JSON.parse(Buffer.from((await storage.get(marker))!).toString('utf8')) as { keys: string[] };
    expect(listed.keys.sort()).toEqual(KEYS);
  });

  it('is read by another process with one marker lookup for all its records', async () => {
    const storage = new WatchedStorage();
    await processOn(storage).bill('acme');
    const reader = processOn(storage);
    storage.stats.length = 0;
    expect(await reader.readBoth('acme')).toEqual([4, 'invoice of acme']);
    expect(reader.billing.bodyRuns).toBe(0);
    expect(storage.stats.filter((key) => key.startsWith(COMMIT_MARKER_PREFIX))).toHaveLength(1);
  });

  it('with signing keys, uses only a marker signed by one of them that lists the record', async () => {
    const storage = new WatchedStorage();
    const signed = { signingKeys: ['k'.repeat(32)] };
    await processOn(storage, { settings: signed }).bill('acme');
    const reader = processOn(storage, { settings: signed });
    expect(await reader.readBoth('acme')).toEqual([4, 'invoice of acme']);
    expect(reader.billing.bodyRuns).toBe(0);

    // A commit that stopped halfway, whose marker someone who cannot sign plants: unsigned, signed with another
    // key, or copied from the signed marker of another commit.
    const [genuine] = await storage.markers();
    const copied = JSON.parse(Buffer.from((await storage.get(genuine))!).toString()) as object;
    const forgeries = [
      (commitId: string) => ({ formatVersion: 1, commitId, createdAt: new Date().toISOString(), keys: GLOBEX_KEYS }),
      (commitId: string) =>
        JSON.parse(
          Buffer.from(encodeCommitMarker({ commitId, createdAt: '', keys: GLOBEX_KEYS }, ['x'.repeat(32)])).toString(),
        ) as object,
      (commitId: string) => ({ ...copied, commitId }),
    ];
    for (const forge of forgeries) {
      await processOn(storage, { settings: signed }).bill('globex');
      const marker = (await storage.markers()).find((key) => key !== genuine)!;
      await storage.put(
        marker,
        Buffer.from(JSON.stringify(forge(marker.slice(COMMIT_MARKER_PREFIX.length, -'.json'.length)))),
      );
      const victim = processOn(storage, { settings: signed });
      expect(await victim.readBoth('globex')).toEqual([6, 'invoice of globex']);
      expect(victim.events.map((event) => event.cacheMiss?.reason)).toEqual(['uncommitted', 'uncommitted']);
      // Start the next forgery from a commit again (the victim rewrote the records, each alone).
      await Promise.all([marker, ...GLOBEX_KEYS].map((key) => storage.delete(key)));
    }
  });

  it('is a quiet miss for every record while its marker is missing, then a warning once long overdue', async () => {
    const storage = new WatchedStorage();
    // As a process killed after its records, before its marker, leaves them.
    await processOn(storage).bill('acme');
    await processOn(storage).bill('globex');
    await Promise.all((await storage.markers()).map((marker) => storage.delete(marker)));

    const soon = processOn(storage);
    expect(await soon.readBoth('acme')).toEqual([4, 'invoice of acme']);
    expect(soon.billing.bodyRuns).toBe(2);
    expect(soon.events.map((event) => event.cacheMiss?.reason)).toEqual(['uncommitted', 'uncommitted']);
    expect(soon.logger.warnings).toEqual([]);

    const later = processOn(storage, { now: Date.now() + 2 * HOUR });
    expect(await later.readBoth('globex')).toEqual([6, 'invoice of globex']);
    expect(later.billing.bodyRuns).toBe(2);
    expect(later.logger.warnings).toHaveLength(1); // once for the commit, not per record
    expect(later.logger.warnings[0]).toMatch(
      /Billing\.usage recomputes the result stored under "usage\/globex".*never finished its commit/,
    );
  });

  it('with strict persistence, fails and takes its records back when its marker cannot be written', async () => {
    const storage = new WatchedStorage();
    storage.refuseMarkers = true;
    const writer = processOn(storage, { settings: { strictPersistence: true } });
    await expect(writer.bill('acme')).rejects.toThrow('disk full');
    expect(await recordKeys(storage)).toEqual([]);
    expect(writer.events.map((event) => event.state)).toEqual(['Completed', 'Completed', 'RolledBack', 'RolledBack']);
  });

  it('otherwise warns and leaves its records invisible to other processes', async () => {
    const storage = new WatchedStorage();
    storage.refuseMarkers = true;
    const writer = processOn(storage);
    expect(await writer.bill('acme')).toEqual([4, 'invoice of acme']);
    expect(writer.logger.warnings).toHaveLength(1);
    expect(writer.logger.warnings[0]).toMatch(/not the marker that makes them visible.*disk full/);
    expect(await recordKeys(storage)).toEqual(KEYS);
    const reader = processOn(storage);
    await reader.readBoth('acme');
    expect(reader.billing.bodyRuns).toBe(2);
  });

  it('with a background write, writes its marker after every record, before flush returns', async () => {
    const storage = new WatchedStorage();
    const writer = processOn(storage);
    await transaction(async () => [await writer.billing.usage('acme'), await writer.billing.email('acme')], {
      engine: writer.engine,
    });
    await writer.engine.flush();
    const [marker] = await storage.markers();
    expect(storage.puts.indexOf(marker)).toBe(2);
    const reader = processOn(storage);
    expect([await reader.billing.usage('acme'), await reader.billing.email('acme')]).toEqual([4, 'mail to acme']);
    expect(reader.billing.bodyRuns).toBe(0);
  });
});

describe('inspecting and pruning the records of commits that never completed', () => {
  it('lists them as never committed; prune removes only orphans an hour old and markers of gone records', async () => {
    const storage = new WatchedStorage();
    const now = Date.now();
    await processOn(storage).bill('acme'); // committed: kept
    await processOn(storage).bill('globex'); // stopped before its marker, two hours ago: orphans
    // stopped before its marker just now: in progress?
    await processOn(storage, { now: now + 2 * HOUR }).bill('initech');
    const [acmeMarker, ...others] = await markersOf(storage, ['acme', 'globex', 'initech']);
    await Promise.all(others.map((marker) => storage.delete(marker)));
    await processOn(storage).bill('hooli'); // committed, then its records overwritten alone: its marker is stale
    const [hooliMarker] = await markersOf(storage, ['hooli']);
    await processOn(storage, { settings: { refreshCache: true } }).readBoth('hooli');

    const inspector = new CacheInspector(storage, () => now + 2 * HOUR);
    const { records } = await inspector.list();
    expect(
      records
        .filter((record) => record.uncommitted)
        .map((record) => record.key)
        .sort(),
    ).toEqual(['invoice/globex', 'invoice/initech', 'usage/globex', 'usage/initech']);
    expect(records.find((record) => record.key === 'usage/globex')?.problem).toMatch(/its transaction never committed/);
    expect((await inspector.read('usage/globex'))?.committed).toBe(false);
    expect((await inspector.read('usage/acme'))?.committed).toBe(true);
    expect(records.map((record) => record.key)).not.toContain(acmeMarker);

    const removed = ['invoice/globex', 'usage/globex', hooliMarker].sort();
    expect((await inspector.prune({ dryRun: true })).keys.sort()).toEqual(removed);
    expect((await inspector.prune()).keys.sort()).toEqual(removed);
    expect(await storage.markers()).toEqual([acmeMarker]);
    expect(await recordKeys(storage)).toEqual([
      'invoice/acme',
      'invoice/hooli',
      'invoice/initech',
      'usage/acme',
      'usage/hooli',
      'usage/initech',
    ]);
    expect(await processOn(storage).readBoth('acme')).toEqual([4, 'invoice of acme']);
  });
});

// The marker of each customer's commit, in the order given.
async function markersOf(storage: WatchedStorage, customers: readonly string[]): Promise<string[]> {
  return Promise.all(
    customers.map(async (customer) => {
      const commitId = (await readStoredMetadata(storage, `usage/${customer}`))?.commitId;
      return `${COMMIT_MARKER_PREFIX}${commitId}.json`;
    }),
  );
}
