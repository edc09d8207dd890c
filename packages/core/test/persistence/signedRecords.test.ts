import 'reflect-metadata';
import { createHash } from 'node:crypto';
import {
  ConfigurationError,
  Engine,
  MemoryStorage,
  RecordVerificationError,
  Task,
  taskInputHash,
  type TaskRunEvent,
} from '../../src';
import { CacheInspector, decodeRecord, encodeRecord } from '../../src/records';
import { resolveSettings } from '../../src/settings/settings';
import { RecordingLogger, recordKeys } from '../support';

const OLD_KEY = 'old-signing-key-0123456789abcdef0123456789';
const NEW_KEY = 'new-signing-key-0123456789abcdef0123456789';
const OTHER_KEY = 'someone-elses-key-0123456789abcdef01234567';

class Reports {
  runs = 0;

  @Task({ cacheKeyFn: taskInputHash })
  async total(day: string): Promise<number> {
    this.runs++;
    return day.length;
  }
}

/** A new process sharing `storage`, with these signing keys. */
function processWith(storage: MemoryStorage, signingKeys: readonly string[]) {
  const logger = new RecordingLogger();
  const engine = new Engine({ storage, logger, settings: { signingKeys } });
  const events: TaskRunEvent[] = [];
  engine.onTaskRun((event) => events.push(event));
  return { reports: engine.attach(new Reports()), logger, events };
}

async function onlyRecord(storage: MemoryStorage): Promise<{ key: string; bytes: Uint8Array }> {
  const [key] = await recordKeys(storage);
  return { key, bytes: (await storage.get(key))! };
}

describe('signed records', () => {
  it('are signed with the first key and read back as hits', async () => {
    const storage = new MemoryStorage();
    const writer = processWith(storage, [NEW_KEY, OLD_KEY]);
    expect(await writer.reports.total('mon')).toBe(3);

    const { key, bytes } = await onlyRecord(storage);
    expect(decodeRecord(key, bytes, { signingKeys: [NEW_KEY] }).metadata.signature).toMatch(/^[0-9a-f]{64}$/);
    expect(() => decodeRecord(key, bytes, { signingKeys: [OLD_KEY] })).toThrow(RecordVerificationError);

    const reader = processWith(storage, [NEW_KEY]);
    expect(await reader.reports.total('mon')).toBe(3);
    expect(reader.reports.runs).toBe(0);
    expect(reader.events.map((event) => event.state)).toEqual(['Cached']);
    expect(reader.logger.warnings).toEqual([]);
  });

  it('treat a record written without a key as a miss, warn once, recompute and overwrite it signed', async () => {
    const storage = new MemoryStorage();
    await processWith(storage, []).reports.total('mon');
    const { key, bytes } = await onlyRecord(storage);
    expect(decodeRecord(key, bytes).metadata.signature).toBeUndefined();

    const reader = processWith(storage, [NEW_KEY]);
    expect(await reader.reports.total('mon')).toBe(3);
    expect(reader.reports.runs).toBe(1);
    expect(reader.events[0].cacheMiss?.reason).toBe('unreadable');
    expect(reader.logger.warnings).toHaveLength(1);
    expect(reader.logger.warnings[0]).toMatch(
      /Reports\.total recomputes and overwrites .*failed verification: it is not signed/,
    );

    const rewritten = await onlyRecord(storage);
    expect(decodeRecord(key, rewritten.bytes, { signingKeys: [NEW_KEY] }).metadata.signature).toBeDefined();
    const next = processWith(storage, [NEW_KEY]);
    await next.reports.total('mon');
    expect(next.reports.runs).toBe(0);
  });

  it('refuse an altered record, even one whose digest was recomputed', async () => {
    const storage = new MemoryStorage();
    await processWith(storage, [NEW_KEY]).reports.total('mon');
    const { key, bytes } = await onlyRecord(storage);

    const altered = Buffer.from(bytes);
    altered[altered.length - 1] = '7'.charCodeAt(0); // the JSON payload "3" becomes "7"
    await storage.put(key, altered);
    const reader = processWith(storage, [NEW_KEY]);
    expect(await reader.reports.total('mon')).toBe(3);
    expect(reader.reports.runs).toBe(1);
    expect(reader.logger.warnings).toEqual([expect.stringMatching(/failed verification: its signature matches none/)]);

    // A forger without the key can alter the value and recompute the digest, not the signature.
    const { metadata } = decodeRecord(key, (await storage.get(key))!, { signingKeys: [NEW_KEY] });
    const payload = Buffer.from('7');
    const { digest: _digest, ...described } = metadata;
    const digest = createHash('sha256').update(JSON.stringify(described)).update(payload).digest('hex');
    const header = Buffer.from(JSON.stringify({ ...described, digest }));
    const prefix = Buffer.from([...Buffer.from('FCR'), 1, 0, 0, 0, 0]);
    prefix.writeUInt32BE(header.byteLength, 4);
    const forged = Buffer.concat([prefix, header, payload]);
    expect(decodeRecord(key, forged).payload).toEqual(payload); // a reader without keys cannot tell
    expect(() => decodeRecord(key, forged, { signingKeys: [NEW_KEY] })).toThrow(RecordVerificationError);
    const { formatVersion: _v, payloadLength: _l, libraryVersion: _lv, signature: _s, ...facts } = described;
    const signedByOther = encodeRecord(facts, payload, { signingKeys: [OTHER_KEY] });
    expect(() => decodeRecord(key, signedByOther, { signingKeys: [NEW_KEY] })).toThrow(/failed verification/);
  });

  it('refuse a signed record copied under another key, as it is or with its key rewritten', async () => {
    const storage = new MemoryStorage();
    const writer = processWith(storage, [NEW_KEY]);
    await writer.reports.total('mon');
    const monKey = (await recordKeys(storage))[0];
    await writer.reports.total('weekend');
    const weekendKey = (await recordKeys(storage)).find((key) => key !== monKey)!;
    const monRecord = (await storage.get(monKey))!;

    // Copied as it is: the signed metadata names the key it was written for.
    await storage.put(weekendKey, monRecord);
    const reader = processWith(storage, [NEW_KEY]);
    expect(await reader.reports.total('weekend')).toBe(7);
    expect(reader.reports.runs).toBe(1);
    expect(reader.logger.warnings).toEqual([
      `Reports.total recomputes and overwrites a stored result in memory://default: record "${weekendKey}" cannot be ` +
        `used: it was written for the key "${monKey}" (copied?)`,
    ]);

    // Its key rewritten to the new one and its digest recomputed: the signature no longer matches.
    const { metadata, payload } = decodeRecord(monKey, monRecord, { signingKeys: [NEW_KEY] });
    const { digest: _digest, ...described } = { ...metadata, storageKey: weekendKey, cacheKey: weekendKey };
    const digest = createHash('sha256').update(JSON.stringify(described)).update(payload).digest('hex');
    const header = Buffer.from(JSON.stringify({ ...described, digest }));
    const prefix = Buffer.from([...Buffer.from('FCR'), 1, 0, 0, 0, 0]);
    prefix.writeUInt32BE(header.byteLength, 4);
    await storage.put(weekendKey, Buffer.concat([prefix, header, payload]));
    const nextReader = processWith(storage, [NEW_KEY]);
    expect(await nextReader.reports.total('weekend')).toBe(7);
    expect(nextReader.reports.runs).toBe(1);
    expect(nextReader.logger.warnings).toEqual([
      expect.stringMatching(/failed verification: its signature matches none/),
    ]);
  });

  it('accept records signed with an old key while it is listed, and refuse them once it is removed', async () => {
    const storage = new MemoryStorage();
    await processWith(storage, [OLD_KEY]).reports.total('mon');
    await processWith(storage, [OLD_KEY]).reports.total('tue');

    const rotating = processWith(storage, [NEW_KEY, OLD_KEY]);
    await rotating.reports.total('mon');
    expect(rotating.reports.runs).toBe(0);
    expect(rotating.logger.warnings).toEqual([]);

    const rotated = processWith(storage, [NEW_KEY]);
    await rotated.reports.total('tue');
    expect(rotated.reports.runs).toBe(1);
    expect(rotated.logger.warnings).toEqual([expect.stringMatching(/failed verification/)]);

    const stranger = processWith(storage, [OTHER_KEY]);
    await stranger.reports.total('mon');
    expect(stranger.reports.runs).toBe(1);
    expect(stranger.logger.warnings).toEqual([expect.stringMatching(/failed verification/)]);
  });

  it('are read as before, their signature ignored, without keys', async () => {
    const storage = new MemoryStorage();
    await processWith(storage, [NEW_KEY]).reports.total('mon');
    const reader = processWith(storage, []);
    await reader.reports.total('mon');
    expect(reader.reports.runs).toBe(0);
    expect(reader.logger.warnings).toEqual([]);
  });

  it('are reported by the inspector as signed, and verified when it has keys', async () => {
    const storage = new MemoryStorage();
    await processWith(storage, [NEW_KEY]).reports.total('mon');
    const [key] = await recordKeys(storage);

    const withoutKeys = await new CacheInspector(storage).read(key);
    expect(withoutKeys).toMatchObject({ value: 3, signed: true, verified: undefined });
    const withKey = await new CacheInspector(storage, Date.now, { signingKeys: [OLD_KEY, NEW_KEY] }).read(key);
    expect(withKey).toMatchObject({ value: 3, signed: true, verified: true });
    const withOtherKey = await new CacheInspector(storage, Date.now, { signingKeys: [OTHER_KEY] }).read(key);
    expect(withOtherKey).toMatchObject({ value: 3, signed: true, verified: false });
  });
});

describe('the signingKeys setting', () => {
  it('refuses keys shorter than 32 bytes, naming the setting and never the key', () => {
    expect(() => resolveSettings({ signingKeys: ['too-short-secret'] }, {})).toThrow(ConfigurationError);
    expect(() => resolveSettings({ signingKeys: [NEW_KEY, 'too-short-secret'] }, {})).toThrow(
      'setting signingKeys: key 2 of 2 has 16 bytes; each needs at least 32',
    );
    expect(() => new Engine({ settings: { signingKeys: ['too-short-secret'] } })).toThrow(/signingKeys/);
    try {
      resolveSettings({}, { FLOWCACHE_SIGNING_KEYS: 'too-short-secret' });
      throw new Error('accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigurationError);
      expect((error as Error).message).toMatch(/signingKeys \(FLOWCACHE_SIGNING_KEYS\)/);
      expect((error as Error).message).not.toContain('too-short-secret');
    }
  });

  it('reads FLOWCACHE_SIGNING_KEYS as a comma-separated list; an explicit value wins', () => {
    expect(resolveSettings({}, {}).signingKeys).toEqual([]);
    expect(resolveSettings({}, { FLOWCACHE_SIGNING_KEYS: ' ' }).signingKeys).toEqual([]);
    expect(resolveSettings({}, { FLOWCACHE_SIGNING_KEYS: `${NEW_KEY}, ${OLD_KEY},` }).signingKeys).toEqual([
      NEW_KEY,
      OLD_KEY,
    ]);
    expect(resolveSettings({ signingKeys: [OLD_KEY] }, { FLOWCACHE_SIGNING_KEYS: NEW_KEY }).signingKeys).toEqual([
      OLD_KEY,
    ]);
    expect(resolveSettings({ signingKeys: [] }, { FLOWCACHE_SIGNING_KEYS: NEW_KEY }).signingKeys).toEqual([]);
  });
});
