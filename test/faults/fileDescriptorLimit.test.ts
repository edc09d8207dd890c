// A burst of concurrent writes under the macOS default open-file limit (256): each write holds a descriptor
// while its bytes go to disk, so without a cap thousands of them fail with EMFILE and their results are lost.
import path from 'node:path';
import { runTypeScript } from '../support/runTypeScript';
import { makeTemporaryDirectory, removeDirectory } from '../support/temporaryDirectory';

const FIXTURE = path.join(__dirname, 'fixtures', 'manyConcurrentPuts.ts');

describe('file storage under ulimit -n 256', () => {
  let basePath: string;
  beforeEach(async () => {
    basePath = await makeTemporaryDirectory('fds');
  });
  afterEach(() => removeDirectory(basePath));

  it('stores all of 2000 concurrent puts of distinct keys', async () => {
    // bash applies the limit, then runs node (and the fixture) in its place under it.
    const result = await runTypeScript(
      FIXTURE,
      [basePath, '2000'],
      {},
      {
        launcher: ['bash', '-c', 'ulimit -n 256 && exec "$@"', 'bash'],
        timeoutMs: 120_000,
      },
    );
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual({ stored: 2000, failed: 0, firstFailure: null });
  }, 150_000);
});
