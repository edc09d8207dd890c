import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../src/main';

describe('the NestJS example', () => {
  let cacheDir: string;
  beforeEach(async () => {
    cacheDir = await mkdtemp(join(tmpdir(), 'flowcache-nestjs-example-'));
    process.env.FORECAST_CACHE_DIR = cacheDir;
  });
  afterEach(async () => {
    delete process.env.FORECAST_CACHE_DIR;
    await rm(cacheDir, { recursive: true, force: true });
  });

  it('serves the second request from the cache, and a restarted application from the files', async () => {
    const lines: string[] = [];
    expect(await main((line) => lines.push(line))).toEqual(['Completed', 'Cached']);
    expect(lines).toEqual([
      expect.stringMatching(/^request 1: 200 \{"city":"Oslo","celsius":\[4,5,6\]\} in [\d.]+ ms \(Completed\)$/),
      expect.stringMatching(/^request 2: 200 \{"city":"Oslo","celsius":\[4,5,6\]\} in [\d.]+ ms \(Cached\)$/),
      'the second request was served from the cache',
    ]);
    expect(await readdir(cacheDir)).not.toEqual([]);

    expect(await main(() => undefined)).toEqual(['Cached', 'Cached']); // a new application: memory is empty
  });
});
