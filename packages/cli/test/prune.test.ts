import { RUNNING_ENGINES_AFTER_PRUNE } from '../src/shared/runningEngines';
import { runCli, runCliJson } from './support/runCli';
import { CORRUPT_KEY, seedStorage, type SeededStorage } from './support/seedStorage';

// Each test runs the CLI as a child process a few times: about half a second each on a busy machine.
jest.setTimeout(60_000);

describe('flowcache prune', () => {
  let seeded: SeededStorage;
  const keys = async () =>
    (await runCliJson<{ records: { key: string }[] }>(['ls', '--storage', seeded.url])).records.map(
      (record) => record.key,
    );
  const sizeOf = async (key: string) => (await seeded.storage.stat(key))!.size;

  beforeEach(async () => {
    seeded = await seedStorage();
  });
  afterEach(() => seeded.remove());

  it('--dry-run lists the expired and unreadable records with their total, and deletes nothing', async () => {
    const before = await keys();
    const { code, stdout, stderr } = await runCli(['prune', '--expired', '--dry-run', '--storage', seeded.url]);
    expect([code, stderr]).toEqual([0, '']);
    const bytes = (await sizeOf(CORRUPT_KEY)) + (await sizeOf('sales/2026-01-01'));
    expect(stdout).toBe(
      `would delete ${CORRUPT_KEY}\nwould delete sales/2026-01-01\n` +
        `would delete 2 records, ${bytes} B from ${seeded.url} (dry run: nothing deleted)\n`,
    );
    expect(await runCliJson(['prune', '--expired', '--dry-run', '--storage', seeded.url])).toEqual({
      storage: seeded.url,
      dryRun: true,
      keys: [CORRUPT_KEY, 'sales/2026-01-01'],
      bytes,
      foreign: { count: 0, names: [] },
    });
    expect(await keys()).toEqual(before);
  });

  it('deletes only the expired and unreadable records, with totals', async () => {
    const before = await keys();
    const bytes = (await sizeOf(CORRUPT_KEY)) + (await sizeOf('sales/2026-01-01'));
    const { code, stdout } = await runCli(['prune', '--expired', '--storage', seeded.url]);
    expect(code).toBe(0);
    expect(stdout).toBe(
      `deleted ${CORRUPT_KEY}\ndeleted sales/2026-01-01\ndeleted 2 records, ` +
        `${bytes} B from ${seeded.url}\n${RUNNING_ENGINES_AFTER_PRUNE}\n`,
    );
    expect(await keys()).toEqual(before.filter((key) => key !== CORRUPT_KEY && key !== 'sales/2026-01-01'));
    expect(await runCliJson(['prune', '--expired', '--storage', seeded.url])).toEqual({
      storage: seeded.url,
      dryRun: false,
      keys: [],
      bytes: 0,
      foreign: { count: 0, names: [] },
    });
  });

  it('refuses to run without --expired (exit 2) and deletes nothing', async () => {
    const result = await runCli(['prune', '--storage', seeded.url]);
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'flowcache: prune needs --expired (expired and unreadable records); ' +
        '--dry-run to preview\n(flowcache prune --help shows the usage)\n',
    });
    expect(await keys()).toHaveLength(6);
  });
});
