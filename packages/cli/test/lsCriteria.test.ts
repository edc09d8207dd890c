import { runCli, runCliJson } from './support/runCli';
import { parseTable } from './support/parseTable';
import { CORRUPT_KEY, DAY, seedStorage, type SeededStorage } from './support/seedStorage';

// Each test runs the CLI as a child process a few times: about half a second each on a busy machine.
jest.setTimeout(60_000);

interface RecordJson {
  key: string;
  createdAt: string | null;
  expiresAt: string | null;
  expired: boolean;
  size: number;
  lastUsedAt?: string | null;
}

describe('flowcache ls: size, age and expiry criteria, sorting', () => {
  let seeded: SeededStorage;
  let records: RecordJson[];
  const list = async (...args: string[]) =>
    (await runCliJson<{ records: RecordJson[]; truncated: boolean }>(['ls', '--storage', seeded.url, ...args])).records;
  const keysOf = async (...args: string[]) => (await list(...args)).map((record) => record.key);
  const keysWhere = (keep: (record: RecordJson) => boolean) => records.filter(keep).map((record) => record.key);
  const bySizeThenKey = (a: RecordJson, b: RecordJson) => b.size - a.size || (a.key < b.key ? -1 : 1);

  beforeAll(async () => {
    seeded = await seedStorage();
    records = await list();
  });
  afterAll(() => seeded.remove());

  it('--min-size and --max-size keep the records of those sizes, in bytes or with a unit', async () => {
    const sizes = [...new Set(records.map((record) => record.size))].sort((a, b) => a - b);
    const middle = sizes[Math.floor(sizes.length / 2)];
    expect(await keysOf('--min-size', String(middle))).toEqual(keysWhere((record) => record.size >= middle));
    expect(await keysOf('--max-size', `${middle}B`)).toEqual(keysWhere((record) => record.size <= middle));
    expect(await keysOf('--min-size', '1KiB')).toEqual(keysWhere((record) => record.size >= 1024));
    expect(await keysOf('--max-size', '0.022kB')).toEqual([CORRUPT_KEY]); // 22 bytes
  });

  it('--older-than, --newer-than and --expires-within read the records’ times, with --task', async () => {
    const dayAgo = Date.now() - DAY;
    const created = (record: RecordJson) => (record.createdAt === null ? NaN : Date.parse(record.createdAt));
    const older = keysWhere((record) => created(record) < dayAgo);
    expect(older).toContain('sales/2026-01-01');
    expect(await keysOf('--older-than', '1d')).toEqual(older);
    expect(await keysOf('--newer-than', '1d')).toEqual(keysWhere((record) => created(record) >= dayAgo));
    // sales/2026-01-02 expires in 3 hours 15 minutes; sales/2026-01-01 expired two days ago (not "within").
    expect(await keysOf('--expires-within', '4h')).toEqual(['sales/2026-01-02']);
    expect(await keysOf('--expires-within', '2h')).toEqual([]);
    expect(await keysOf('--older-than', '1d', '--task', 'Reports.loadSales')).toEqual(['sales/2026-01-01']);
  });

  it('--sort size: largest first, --reverse smallest first, --limit the first of the whole sorted list', async () => {
    const sorted = [...records].sort(bySizeThenKey).map((record) => record.key);
    expect(await keysOf('--sort', 'size')).toEqual(sorted);
    // Records of one size stay in key order either way.
    const reversed = [...records]
      .sort((a, b) => a.size - b.size || (a.key < b.key ? -1 : 1))
      .map((record) => record.key);
    expect(await keysOf('--sort', 'size', '--reverse')).toEqual(reversed);
    const limited = await runCliJson<{ records: RecordJson[]; truncated: boolean }>([
      'ls',
      '--sort',
      'size',
      '--limit',
      '2',
      '--storage',
      seeded.url,
    ]);
    expect([limited.records.map((record) => record.key), limited.truncated]).toEqual([sorted.slice(0, 2), true]);
    const oldest = await keysOf('--sort', 'age', '--live');
    expect(oldest).toEqual(
      keysWhere((record) => !record.expired).sort(
        (a, b) =>
          Date.parse(records.find((r) => r.key === a)!.createdAt!) -
            Date.parse(records.find((r) => r.key === b)!.createdAt!) || (a < b ? -1 : 1),
      ),
    );
  });

  it('--sort last-used: latest use by a run first, a record no run used last with a dash', async () => {
    const used = await list('--sort', 'last-used');
    expect(used.map((record) => record.key).sort()).toEqual(records.map((record) => record.key).sort());
    expect(used.at(-1)).toMatchObject({ key: CORRUPT_KEY, lastUsedAt: null });
    const times = used.slice(0, -1).map((record) => Date.parse(record.lastUsedAt!));
    expect(times.every((time, index) => Number.isFinite(time) && (index === 0 || time <= times[index - 1]))).toBe(true);
    const { stdout } = await runCli(['ls', '--sort', 'last-used', '--wide', '--storage', seeded.url]);
    const rows = parseTable(stdout.split('\n\n')[0]);
    expect(rows.map((row) => row.key)).toEqual(used.map((record) => record.key));
    expect(rows.at(-1)!['last used']).toBe('—');
    expect(rows[0]['last used']).toBe(used[0].lastUsedAt!.slice(0, 19).replace('T', ' ')); // TZ=UTC
  });

  it('refuses a size, age, sort or combination it cannot use, naming the option', async () => {
    const refused = async (...args: string[]) => {
      const { code, stderr } = await runCli(['ls', '--storage', seeded.url, ...args]);
      return [code, stderr.split('\n')[0]];
    };
    expect(await refused('--min-size', '1XB')).toEqual([
      2,
      "error: option '--min-size <size>' argument '1XB' is invalid. " +
        'expected a size: bytes, or with a unit (512KiB, 1MB, 2.5 GiB).',
    ]);
    expect(await refused('--older-than', 'yesterday')).toEqual([2, expect.stringContaining("'--older-than <age>'")]);
    expect(await refused('--expires-within', '2026-12-01')).toEqual([
      2,
      expect.stringContaining('expected how long from now'),
    ]);
    expect(await refused('--sort', 'name')).toEqual([
      2,
      expect.stringContaining('Allowed choices are size, age, last-used'),
    ]);
    expect(await refused('--reverse')).toEqual([2, 'flowcache: --reverse needs --sort']);
    expect(await refused('--min-size', '2KB', '--max-size', '1KB')).toEqual([
      2,
      'flowcache: --min-size 2000 bytes is more than 1000 bytes of --max-size: no record can match',
    ]);
    const [code, message] = await refused('--older-than', '3d', '--newer-than', '1d');
    expect(code).toBe(2);
    expect(message).toMatch(/^flowcache: --newer-than \(.+\) is not before --older-than \(.+\): /);
    expect(message).toContain('no record was created in between');
  });
});
