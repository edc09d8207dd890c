import 'reflect-metadata';
import { Engine, Task } from '@flowcache/core';
import { runCli, runCliJson } from './support/runCli';
import { parseFields } from './support/parseTable';
import { CORRUPT_KEY, seedStorage, type SeededStorage } from './support/seedStorage';

// Each test runs the CLI as a child process a few times: about half a second each on a busy machine.
jest.setTimeout(60_000);

describe('flowcache show', () => {
  let seeded: SeededStorage;
  beforeAll(async () => {
    seeded = await seedStorage();
  });
  afterAll(() => seeded.remove());

  it("prints a record's metadata and a preview of its value, expired or not", async () => {
    const { code, stdout, stderr } = await runCli(['show', 'sales/2026-01-01', '--storage', seeded.url]);
    expect([code, stderr]).toEqual([0, '']);
    const fields = parseFields(stdout);
    expect(fields).toMatchObject({
      key: 'sales/2026-01-01',
      task: 'Reports.loadSales',
      'cache key': 'sales/2026-01-01',
      serializer: 'json/v1',
      'written by': 'flowcache 0.1.0',
      storage: seeded.url,
      value: "{ day: '2026-01-01', amounts: [ 3, 4, 10 ] }",
    });
    expect(fields.created).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \(2 days ago\)$/);
    expect(fields.expires).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \(expired 2 days ago\)$/);
    expect(fields['flow run']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('--json: the record, its full metadata and the preview; compressed values are decoded', async () => {
    const json = await runCliJson(['show', 'regions/north', '--storage', seeded.url]);
    expect(json).toMatchObject({
      storage: seeded.url,
      key: 'regions/north',
      task: 'Reports.regionTotal',
      expired: false,
      serializer: 'gzip+json/v1',
      preview: '500',
      problem: null,
      metadata: { taskName: 'Reports.regionTotal', cacheKey: 'regions/north', serializer: 'gzip+json/v1' },
    });
  });

  it('accepts a key shortened by ls, with or without its ellipsis', async () => {
    const { records } = await runCliJson<{ records: { key: string; task: string }[] }>([
      'ls',
      '--task',
      'Reports.summarize',
      '--storage',
      seeded.url,
    ]);
    const key = records[0].key;
    for (const shortened of [`${key.slice(0, 31)}…`, key.slice(0, 12)]) {
      expect(await runCliJson(['show', shortened, '--storage', seeded.url])).toMatchObject({
        key,
        task: 'Reports.summarize',
      });
    }
  });

  it('shows what it can of a record that cannot be read', async () => {
    const { code, stdout } = await runCli(['show', CORRUPT_KEY, '--storage', seeded.url]);
    expect(code).toBe(0);
    expect(parseFields(stdout)).toEqual({
      key: CORRUPT_KEY,
      size: '22 B',
      storage: seeded.url,
      unreadable: `record "${CORRUPT_KEY}" cannot be used: it is not a flowcache record`,
    });
    expect(await runCliJson(['show', CORRUPT_KEY, '--storage', seeded.url])).toMatchObject({
      metadata: null,
      preview: null,
      problem: expect.stringContaining('not a flowcache record'),
    });
  });

  it('exits with 2 for an unknown key, naming the key and the storage', async () => {
    const result = await runCli(['show', 'sales/1999-01-01', '--storage', seeded.url, '--json']);
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr: `flowcache: no record under key "sales/1999-01-01" in ${seeded.url}\n`,
    });
  });

  it('exits with 2 for a prefix of several keys, listing up to 5 of them, and for an invalid key', async () => {
    const ambiguous = await runCli(['show', 'sales/', '--storage', seeded.url]);
    expect(ambiguous).toEqual({
      code: 2,
      stdout: '',
      stderr:
        `flowcache: "sales/" is the beginning of several keys in ${seeded.url}; ` +
        `give more of it:\n  sales/2026-01-01\n  sales/2026-01-02\n`,
    });
    const extra = ['sales/x1', 'sales/x2', 'sales/x3', 'sales/x4'];
    for (const key of extra) await seeded.storage.put(key, new Uint8Array(Buffer.from('not a record')));
    try {
      const many = await runCli(['show', 'sales/', '--storage', seeded.url]);
      expect(many.stderr).toBe(
        `flowcache: "sales/" is the beginning of several keys in ${seeded.url}; give more of it:\n` +
          ['sales/2026-01-01', 'sales/2026-01-02', 'sales/x1', 'sales/x2', 'sales/x3']
            .map((key) => `  ${key}\n`)
            .join('') +
          '  …and more\n',
      );
    } finally {
      for (const key of extra) await seeded.storage.delete(key);
    }
    const invalid = await runCli(['show', '../etc/passwd', '--storage', seeded.url]);
    expect([invalid.code, invalid.stdout]).toEqual([2, '']);
    expect(invalid.stderr).toMatch(/^flowcache: invalid storage key "..\/etc\/passwd": .+\n$/);
  });

  it('exits with 2 for a run-history object, saying what it is and where to look instead', async () => {
    const [historyKey] = (await seeded.storage.list('_flowcache/runs/')).objects.map((object) => object.key);
    expect(await runCli(['show', historyKey, '--storage', seeded.url])).toEqual({
      code: 2,
      stdout: '',
      stderr:
        `flowcache: "${historyKey}" is a flow-run history object, not a cached record: ` +
        'use `flowcache run <flowRunId>` to see its flow run (`flowcache runs` lists them)\n',
    });
  });

  it('says that a long value was cut, and where', async () => {
    const engine = new Engine({ storage: seeded.storage });
    await engine.attach(new Notes()).write('long');
    await engine.flush();
    try {
      const { value } = parseFields((await runCli(['show', 'notes/long', '--storage', seeded.url])).stdout);
      expect(value).toHaveLength(2000 + ' (cut at 2 000 characters)'.length);
      expect(value).toMatch(/^'x+… \(cut at 2 000 characters\)$/);
    } finally {
      await seeded.storage.delete('notes/long');
    }
  });
});

/** A task whose value is far longer than a preview. */
class Notes {
  @Task({ cacheKeyFn: (_context, [name]) => `notes/${String(name)}` })
  async write(_name: string): Promise<string> {
    return 'x'.repeat(5000);
  }
}
