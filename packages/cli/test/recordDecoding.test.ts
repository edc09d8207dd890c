/**
 * What `flowcache show` decodes: records of the built-in serializers, and records of a custom serializer only
 * when `--allow-serializer` names it (registered by a module the user preloads); records up to
 * `--max-record-bytes` or FLOWCACHE_MAX_RECORD_BYTES. A planted record never makes the CLI run a deserializer.
 */
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { encodeRecord } from '@flowcache/core/records';
import { FileSystemStorage } from '@flowcache/storage-fs';
import { runCli, runCliJson } from './support/runCli';
import { makeTemporaryDirectory, removeDirectory } from '../../../test/support/temporaryDirectory';

jest.setTimeout(60_000);

const CUSTOM_KEY = 'planted/custom';
const LARGE_KEY = 'planted/large';
// The core the CLI's built binary loads (through the workspace link), so a preloaded module registers into it.
const BUILT_CORE = join(__dirname, '..', '..', '..', 'node_modules', '@flowcache', 'core');

let directory: string;
let url: string;
let preload: string;
let marker: string;

function record(key: string, serializer: string, payload: Uint8Array): Buffer {
  return encodeRecord(
    {
      storageKey: key,
      taskName: 'Reports.export',
      cacheKey: key,
      createdAt: '2026-11-26T09:00:00.000Z',
      expiresAt: null,
      serializer,
      flowRunId: null,
      durationMs: 1,
    },
    payload,
  );
}

beforeAll(async () => {
  directory = await makeTemporaryDirectory('cli-decoding');
  url = pathToFileURL(directory).href;
  const storage = new FileSystemStorage({ basePath: directory });
  await storage.put(CUSTOM_KEY, record(CUSTOM_KEY, 'csv/v1', Buffer.from('day,total\nmon,3')));
  // Small stored, large once decompressed: the limit reaches decompression whatever the storage checks.
  await storage.put(LARGE_KEY, record(LARGE_KEY, 'gzip+json/v1', gzipSync(JSON.stringify('x'.repeat(5000)))));
  // A module that registers the csv serializer and leaves a file behind whenever its deserializer runs.
  marker = join(directory, 'deserializer-ran');
  preload = join(directory, 'register-serializers.js');
  await writeFile(
    preload,
    `const { registerSerializer } = require(${JSON.stringify(BUILT_CORE)});
registerSerializer({
  id: 'csv/v1',
  serialize: (rows) => Buffer.from(rows.map((row) => row.join(',')).join('\\n')),
  deserialize: (bytes) => {
    require('node:fs').writeFileSync(${JSON.stringify(marker)}, 'ran');
    return Buffer.from(bytes).toString().split('\\n').map((line) => line.split(','));
  },
});
`,
  );
});

afterAll(() => removeDirectory(directory));

const preloaded = () => ({ NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${preload}`.trim() });

async function deserializerRan(): Promise<boolean> {
  return rm(marker).then(
    () => true,
    () => false,
  );
}

describe('flowcache show and custom serializers', () => {
  it('refuses a custom serializer registered in the process but not allowed, saying how to allow it', async () => {
    const shown = await runCliJson<{ preview: unknown; problem: string }>(
      ['show', CUSTOM_KEY, '--storage', url],
      preloaded(),
    );
    expect(shown.preview).toBeNull();
    expect(shown.problem).toBe(
      `record "${CUSTOM_KEY}" cannot be used: it was written ` +
        `by serializer "csv/v1", which is not built in; to decode ` +
        'it, pass that serializer in CacheInspectorOptions.serializers ' +
        '(flowcache CLI: --allow-serializer csv/v1, see its README)',
    );
    expect(await deserializerRan()).toBe(false);
  });

  it('decodes with it when --allow-serializer names it', async () => {
    const args = ['--allow-serializer', 'csv/v1', 'show', CUSTOM_KEY, '--storage', url];
    const shown = await runCliJson<{ preview: unknown; problem: unknown }>(args, preloaded());
    expect(shown).toMatchObject({ preview: "[ [ 'day', 'total' ], [ 'mon', '3' ] ]", problem: null });
    expect(await deserializerRan()).toBe(true);
  });

  it('--allow-serializer naming a serializer not registered is a usage error', async () => {
    const { code, stderr } = await runCli(['--allow-serializer', 'csv/v1', 'show', CUSTOM_KEY, '--storage', url]);
    expect(code).toBe(2);
    expect(stderr).toContain('--allow-serializer csv/v1: no serializer "csv/v1" is registered in this process');
  });
});

describe('flowcache show and record sizes', () => {
  const refusal = (limit: number) =>
    `record "${LARGE_KEY}" cannot be used: its gzip+json/v1 payload expands to more than maxRecordBytes ` +
    `(env FLOWCACHE_MAX_RECORD_BYTES) allows (${limit} bytes); decompression stopped there`;

  it('refuses a record larger than --max-record-bytes once decompressed', async () => {
    const shown = await runCliJson<{ preview: unknown; problem: string }>([
      '--max-record-bytes',
      '4096',
      'show',
      LARGE_KEY,
      '--storage',
      url,
    ]);
    expect(shown.preview).toBeNull();
    expect(shown.problem).toBe(refusal(4096));
  });

  it('takes the limit from FLOWCACHE_MAX_RECORD_BYTES, and reads the record under the default', async () => {
    const limited = await runCliJson<{ problem: string }>(['show', LARGE_KEY, '--storage', url], {
      FLOWCACHE_MAX_RECORD_BYTES: '2048',
    });
    expect(limited.problem).toBe(refusal(2048));
    const whole = await runCliJson<{ problem: unknown }>(['show', LARGE_KEY, '--storage', url]);
    expect(whole.problem).toBeNull();
  });

  it('refuses a limit that is not a positive integer', async () => {
    expect((await runCli(['--max-record-bytes', '0', 'show', LARGE_KEY, '--storage', url])).code).toBe(2);
    const fromEnv = await runCli(['show', LARGE_KEY, '--storage', url], { FLOWCACHE_MAX_RECORD_BYTES: '1e6' });
    expect(fromEnv.code).toBe(2);
    expect(fromEnv.stderr).toContain(
      'environment variable FLOWCACHE_MAX_RECORD_BYTES must be a positive integer, got "1e6"',
    );
  });
});
