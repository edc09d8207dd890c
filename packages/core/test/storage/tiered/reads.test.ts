import 'reflect-metadata';
import { decodeRecord, encodeRecord, HEADER_PROBE_BYTES } from '../../../src/records';
import { MemoryStorage } from '../../../src';
import { aheadClock, keysIn, tieredProcess, tiers } from './support';

describe('TieredStorage reads', () => {
  it('reads the remote once and fills the local tier: a restarted process makes no remote read', async () => {
    const { local, remote } = tiers();
    const writer = tieredProcess(new MemoryStorage({ name: 'writer-host' }), remote);
    expect(await writer.rates.rate('eur')).toBe('eur:1');
    const [key] = await keysIn(remote);

    remote.attempts.get = 0;
    const first = tieredProcess(local, remote);
    expect(await first.rates.rate('eur')).toBe('eur:1');
    expect(first.rates.runs).toBe(0);
    expect(remote.attempts.get).toBe(1);
    expect(await local.get(key)).toEqual(await remote.get(key)); // the same record bytes

    remote.attempts.get = 0;
    const restarted = tieredProcess(local, remote); // a new engine, same local tier: nothing in memory
    expect(await restarted.rates.rate('eur')).toBe('eur:1');
    expect(restarted.rates.runs).toBe(0);
    expect(remote.attempts.get).toBe(0);
    expect([...first.logger.warnings, ...restarted.logger.warnings]).toEqual([]);
  });

  it('does not serve an expired local copy: a newer record on the remote is read and copied', async () => {
    const { local, remote } = tiers();
    const clock = aheadClock();
    const early = tieredProcess(local, remote, { clock: clock.read });
    expect(await early.rates.rate('eur')).toBe('eur:1');
    const [key] = await keysIn(local);
    const expired = await local.get(key);

    clock.advance(2 * 60 * 60 * 1000); // past the hour the record lives
    const elsewhere = tieredProcess(new MemoryStorage({ name: 'other-host' }), remote, { clock: clock.read });
    elsewhere.rates.runs = 1;
    expect(await elsewhere.rates.rate('eur')).toBe('eur:2'); // another host recomputes it on the remote
    expect(await local.get(key)).toEqual(expired); // this host still has the expired copy

    remote.attempts.get = 0;
    const later = tieredProcess(local, remote, { clock: clock.read });
    expect(await later.rates.rate('eur')).toBe('eur:2');
    expect(later.rates.runs).toBe(0);
    expect(remote.attempts.get).toBe(1);
    expect(await local.get(key)).toEqual(await remote.get(key));
    expect(later.logger.warnings).toEqual([]);
  });

  it('recomputes when the record has expired in both tiers, and writes the new one to both', async () => {
    const { local, remote } = tiers();
    const clock = aheadClock();
    await tieredProcess(local, remote, { clock: clock.read }).rates.rate('eur');
    clock.advance(2 * 60 * 60 * 1000);
    const later = tieredProcess(local, remote, { clock: clock.read });
    later.rates.runs = 1;
    expect(await later.rates.rate('eur')).toBe('eur:2');
    const [key] = await keysIn(remote);
    expect(decodeRecord(key, (await local.get(key))!).payload).toEqual(
      decodeRecord(key, (await remote.get(key))!).payload,
    );
  });

  it('replaces a damaged local copy from the remote without recomputing, with one warning', async () => {
    const { local, remote } = tiers();
    await tieredProcess(local, remote).rates.rate('eur');
    const [key] = await keysIn(local);
    const good = (await local.get(key))!;
    const damaged = new Uint8Array(good);
    damaged[damaged.byteLength - 2] ^= 0xff; // a flipped byte in the payload
    await local.put(key, damaged);

    const restarted = tieredProcess(local, remote);
    expect(await restarted.rates.rate('eur')).toBe('eur:1');
    expect(restarted.rates.runs).toBe(0);
    expect(await local.get(key)).toEqual(good);
    expect(restarted.logger.warnings).toEqual([
      `the local copy of ${JSON.stringify(key)} in memory://local cannot be used ` +
        '(its metadata or payload does not match its digest (altered or damaged)): ' +
        'it is read from memory://default again',
    ]);
  });

  it('with signing keys, a tampered local copy is a miss, never a hit, and is replaced', async () => {
    const signingKeys = ['tier-signing-key-0123456789abcdef0123456789'];
    const { local, remote } = tiers();
    await tieredProcess(local, remote, { signingKeys }).rates.rate('eur');
    const [key] = await keysIn(local);
    const { metadata } = decodeRecord(key, (await local.get(key))!);
    // Whoever can write the local disk writes a well-formed record of their own, with its digest but no signature.
    const { formatVersion, payloadLength, digest, libraryVersion, signature, ...facts } = metadata;
    const forged = encodeRecord(facts, new TextEncoder().encode(JSON.stringify('eur:forged')));
    await local.put(key, forged);

    const restarted = tieredProcess(local, remote, { signingKeys });
    restarted.rates.runs = 1;
    expect(await restarted.rates.rate('eur')).toBe('eur:2');
    expect(restarted.logger.warnings.join('\n')).toContain('failed verification');
    expect(Buffer.from((await local.get(key))!).equals(forged)).toBe(false);
    expect(await local.get(key)).toEqual(await remote.get(key));
    const reader = tieredProcess(local, remote, { signingKeys });
    expect(await reader.rates.rate('eur')).toBe('eur:2');
    expect(reader.rates.runs).toBe(0);
  });

  it('with localTtlMs, reads an older copy from the remote again, and drops it when the remote has none', async () => {
    const { local, remote } = tiers();
    const clock = aheadClock();
    const localTtlMs = 60_000;
    await tieredProcess(local, remote, { clock: clock.read, localTtlMs }).rates.rate('eur');
    const [key] = await keysIn(remote);

    remote.attempts.get = 0;
    const young = tieredProcess(local, remote, { clock: clock.read, localTtlMs });
    expect(await young.rates.rate('eur')).toBe('eur:1');
    expect(remote.attempts.get).toBe(0);

    clock.advance(2 * localTtlMs);
    const old = tieredProcess(local, remote, { clock: clock.read, localTtlMs });
    expect(await old.rates.rate('eur')).toBe('eur:1');
    expect(old.rates.runs).toBe(0);
    expect(remote.attempts.get).toBe(1); // read again, and copied anew

    await remote.delete(key); // another process invalidates it on the remote
    clock.advance(2 * localTtlMs);
    const afterInvalidation = tieredProcess(local, remote, { clock: clock.read, localTtlMs });
    afterInvalidation.rates.runs = 1;
    expect(await afterInvalidation.storage.get(key)).toBeUndefined();
    expect(await local.get(key)).toBeUndefined();
    expect(await afterInvalidation.rates.rate('eur')).toBe('eur:2');
  });

  it('without localTtlMs, serves a copy deleted on the remote by another process (as documented)', async () => {
    const { local, remote } = tiers();
    await tieredProcess(local, remote).rates.rate('eur');
    const [key] = await keysIn(remote);
    await remote.delete(key);
    const restarted = tieredProcess(local, remote);
    expect(await restarted.rates.rate('eur')).toBe('eur:1');
    expect(restarted.rates.runs).toBe(0);
  });

  it('reads ranges from a local copy that may be served, else from the remote', async () => {
    const { local, remote } = tiers();
    const clock = aheadClock();
    const { storage } = tieredProcess(local, remote, { clock: clock.read });
    await storage.put('opaque', new TextEncoder().encode('local and remote'));
    remote.attempts.getRange = 0;
    expect(new TextDecoder().decode(await storage.getRange('opaque', 5))).toBe('local');
    expect(remote.attempts.getRange).toBe(0);

    await tieredProcess(local, remote, { clock: clock.read }).rates.rate('eur');
    const [key] = (await keysIn(remote)).filter((name) => name !== 'opaque');
    clock.advance(2 * 60 * 60 * 1000);
    await remote.put(key, new TextEncoder().encode('the remote now holds this'));
    // A range long enough to hold the record's header (as inspection reads it): its expiry is checked.
    expect(new TextDecoder().decode(await storage.getRange(key, HEADER_PROBE_BYTES))).toBe('the remote now holds this');
    expect(remote.attempts.getRange).toBe(1);
  });

  it('passes maxBytes to both tiers, and replaces an oversized local copy from the remote', async () => {
    const { local, remote } = tiers();
    const { storage } = tieredProcess(local, remote);
    await remote.put('report', new TextEncoder().encode('small'));
    await local.put('report', new Uint8Array(1000)); // planted
    expect(new TextDecoder().decode(await storage.get('report', { maxBytes: 100 }))).toBe('small');
    expect(new TextDecoder().decode(await local.get('report'))).toBe('small');
    await remote.put('other', new Uint8Array(1000));
    await expect(storage.get('other', { maxBytes: 100 })).rejects.toMatchObject({
      name: 'ObjectTooLargeError',
      key: 'other',
    });
  });
});
