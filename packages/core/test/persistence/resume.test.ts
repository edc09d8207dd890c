import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runTypeScript } from '../../../../test/support/runTypeScript';
import { makeTemporaryDirectory, removeDirectory } from '../../../../test/support/temporaryDirectory';

const WORKER = join(__dirname, 'fixtures', 'resumableFlow.ts');

describe('resuming a flow run in a new process', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await makeTemporaryDirectory('resume');
  });
  afterEach(async () => {
    await removeDirectory(dir);
  });

  it('does not re-run the tasks the killed worker had persisted', async () => {
    const storage = join(dir, 'storage');
    const log = join(dir, 'executions.log');
    const crashed = await runTypeScript(WORKER, [storage, log], { CRASH_AT: 'load' });
    expect(crashed.code).not.toBe(0);
    const flowRunId = /flow run (\S+)/.exec(crashed.stdout)?.[1];
    expect(flowRunId).toMatch(/^[0-9a-f-]{36}$/);

    const resumed = await runTypeScript(WORKER, [storage, log], { RESUME: flowRunId! });
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain(`flow run ${flowRunId}`);
    expect(resumed.stdout).toContain('Nightly.extract Cached\nNightly.transform Cached\nNightly.load Completed');
    expect((await readFile(log, 'utf8')).trim().split('\n')).toEqual(['extract', 'transform', 'load']);

    const fresh = await runTypeScript(WORKER, [storage, log]); // a new run: default keys include its run id
    expect(fresh.stdout).toContain('Nightly.extract Completed');
  });
});

describe('a process that exits with background writes pending', () => {
  it('reports the results that were not persisted', async () => {
    const result = await runTypeScript(join(__dirname, 'fixtures', 'exitDuringWrite.ts'));
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('1 background write(s) did not finish before the process exited');
  });
});
