import 'reflect-metadata';
import assert from 'node:assert/strict';
import {
  ConfigurationError,
  Engine,
  MemoryStorage,
  RecordVerificationError,
  Task,
  taskInputHash,
} from '@flowcache/core';
import {
  CacheInspector,
  decodeRecord,
  type CacheInspectorOptions,
  type RecordSigning,
  type StoredRecord,
} from '@flowcache/core/records';

// In real use: FLOWCACHE_SIGNING_KEYS="new-key,old-key" from a secret store, never from the code.
const OLD_KEY = 'old-key-from-your-secret-store-0123456789';
const NEW_KEY = 'new-key-from-your-secret-store-0123456789';

class Pricing {
  runs = 0;

  @Task({ cacheKeyFn: taskInputHash })
  async quote(sku: string): Promise<number> {
    this.runs++;
    return sku.length * 100;
  }
}

function newProcess(storage: MemoryStorage, signingKeys: readonly string[], warnings: string[] = []): Pricing {
  const engine = new Engine({
    storage,
    settings: { signingKeys },
    logger: { warn: (message) => warnings.push(message) },
  });
  return engine.attach(new Pricing());
}

export async function main(): Promise<void> {
  const shared = new MemoryStorage(); // a bucket that others could write to
  await newProcess(shared, [OLD_KEY]).quote('apple'); // signed with the first (here the only) key

  // Rotation: the new key signs, the old one is still accepted, so existing records stay hits.
  const rotating = newProcess(shared, [NEW_KEY, OLD_KEY]);
  assert.equal(await rotating.quote('apple'), 500);
  assert.equal(rotating.runs, 0);

  // Once the old key is removed, its records fail verification: a miss, one warning, recomputed and re-signed.
  const warnings: string[] = [];
  const rotated = newProcess(shared, [NEW_KEY], warnings);
  assert.equal(await rotated.quote('apple'), 500);
  assert.equal(rotated.runs, 1);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0], /Pricing\.quote recomputes and overwrites .* failed verification/);

  // A record altered in storage (or written without a key) is never served to a process that has keys.
  const [key] = (await shared.list('')).objects.map((object) => object.key);
  const altered = Buffer.from((await shared.get(key))!);
  altered[altered.length - 1] ^= 1;
  const signing: RecordSigning = { signingKeys: [NEW_KEY] };
  assert.throws(() => decodeRecord(key, altered, signing), RecordVerificationError);

  // Without keys, signatures are ignored: signed records read as before.
  const keyless = newProcess(shared, []);
  assert.equal(await keyless.quote('apple'), 500);
  assert.equal(keyless.runs, 0);

  // The inspector tells whether a record is signed and, given the keys, whether one of them signed it.
  const options: CacheInspectorOptions = { signingKeys: [NEW_KEY] };
  const stored: StoredRecord | undefined = await new CacheInspector(shared, Date.now, options).read(key);
  assert.equal(stored?.signed, true);
  assert.equal(stored?.verified, true);
  assert.equal((await new CacheInspector(shared).read(key))?.verified, undefined);

  // A key shorter than 32 bytes is refused; the error names the setting, never the key.
  assert.throws(
    () => newProcess(shared, ['hunter2']),
    (error: unknown) => {
      return (
        error instanceof ConfigurationError && /signingKeys/.test(error.message) && !error.message.includes('hunter2')
      );
    },
  );
}
