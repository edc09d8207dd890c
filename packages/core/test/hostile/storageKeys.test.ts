/**
 * Hostile storage keys and resultStorageKey values: every key that could leave the store, alias another key or
 * confuse a file system is refused with a StorageKeyError (or percent-encoded by the template), and nothing is
 * ever written outside the store's directory.
 */
import 'reflect-metadata';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { FileSystemStorage } from '@flowcache/storage-fs';
import {
  CacheKeyError,
  Engine,
  MemoryStorage,
  StorageKeyError,
  Task,
  TaskDefinitionError,
  type ResultStorage,
} from '../../src';
import { checkStorageKey, guardStorage } from '../../src/adapters';
import { makeTemporaryDirectory, removeDirectory } from '../../../../test/support/temporaryDirectory';
import { recordKeys, RecordingLogger } from '../support';
import { bytes, text } from '../../../../test/support/bytes';

const LONG = 'x'.repeat(10_000);

const HOSTILE_KEYS: [string, string][] = [
  ['..', '..'],
  ['.', '.'],
  ['a parent segment', '../outside'],
  ['a parent segment in the middle', 'a/../../outside'],
  ['an absolute path', '/tmp/outside'],
  ['a Windows path', 'C:\\outside'],
  ['a Windows parent', '..\\outside'],
  ['a NUL', 'a\u0000b'],
  ['a newline', 'a\nb'],
  ['an escape sequence', 'a\u001b[31mb'],
  ['DEL', 'a\u007fb'],
  ['a C1 control (NEL)', 'a\u0085b'],
  ['a C1 control (CSI)', 'a\u009bb'],
  ['a lone high surrogate', 'a\ud800'],
  ['a lone low surrogate', 'a\udc00b'],
  ['an empty segment', 'a//b'],
  ['a trailing slash', 'a/'],
  ['10 000 characters', LONG],
  ['a 201-byte segment', `a/${'y'.repeat(201)}`],
];

// Characters that only look like separators and dots are ordinary characters: stored, in one segment, as they are.
const LOOK_ALIKES = [
  '\u2215etc\u2215passwd', // DIVISION SLASH
  '\uff0fetc\uff0fpasswd', // FULLWIDTH SOLIDUS
  '\u2024\u2024', // ONE DOT LEADER twice
  '\u2024\u2024\u2215\u2024\u2024\u2215outside',
  '\u2025', // TWO DOT LEADER
  '\uff0e\uff0e', // FULLWIDTH FULL STOP twice
  'a/\u2024\u2024/b',
  '%2E%2E/%2F',
  '...',
  '.hidden/x',
  'x.fcr/y',
];

/** Every file and directory under `root`, as paths relative to it. */
async function walk(root: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await fs.readdir(root, { withFileTypes: true, recursive: true })) {
    found.push(path.relative(root, path.join(entry.parentPath, entry.name)));
  }
  return found.sort();
}

// As core works with them: an adapter receives keys only through `guardStorage` (MemoryStorage is its own).
const storages: [string, (parent: string) => ResultStorage][] = [
  ['MemoryStorage', () => new MemoryStorage()],
  ['FileSystemStorage', (parent) => guardStorage(new FileSystemStorage({ basePath: path.join(parent, 'store') }))],
];

describe('checkStorageKey against hostile keys', () => {
  it.each(HOSTILE_KEYS)('refuses %s', (_label, key) => {
    expect(() => checkStorageKey(key)).toThrow(StorageKeyError);
  });

  it.each(LOOK_ALIKES)('accepts the look-alike %j as ordinary characters', (key) => {
    expect(() => checkStorageKey(key)).not.toThrow();
  });

  it('refuses a key that is not a string', () => {
    expect(() => checkStorageKey(42 as unknown as string)).toThrow(StorageKeyError);
    expect(() => checkStorageKey(undefined as unknown as string)).toThrow(StorageKeyError);
  });
});

describe.each(storages)('%s with hostile keys', (_name, create) => {
  let parent: string;
  let storage: ResultStorage;
  const sentinel = () => path.join(parent, 'outside');

  beforeEach(async () => {
    parent = await makeTemporaryDirectory('hostile');
    await fs.writeFile(sentinel(), 'untouched');
    storage = create(parent);
  });

  afterEach(async () => {
    await removeDirectory(parent);
  });

  async function expectNothingOutsideStore(): Promise<void> {
    const outside = (await walk(parent)).filter((entry) => entry !== 'store' && !entry.startsWith(`store${path.sep}`));
    expect(outside).toEqual(['outside']);
    expect(await fs.readFile(sentinel(), 'utf8')).toBe('untouched');
  }

  it.each(HOSTILE_KEYS)('refuses %s on every operation', async (_label, key) => {
    const value = bytes('escaped');
    const operations = [
      () => storage.get(key),
      () => storage.getRange(key, 4),
      () => storage.put(key, value),
      () => storage.putIfAbsent(key, value),
      () => storage.delete(key),
      () => storage.stat(key),
    ];
    for (const operation of operations) await expect(operation()).rejects.toThrow(StorageKeyError);
    await expectNothingOutsideStore();
  });

  it.each(['../', '/', '/tmp/', '..\\', 'a\u0000'])('refuses to list the prefix %j', async (prefix) => {
    await expect(storage.list(prefix)).rejects.toThrow(StorageKeyError);
  });

  it('stores look-alike keys inside the store, each under its own key', async () => {
    for (const [index, key] of LOOK_ALIKES.entries()) await storage.put(key, bytes(`value ${index}`));
    for (const [index, key] of LOOK_ALIKES.entries()) {
      expect(text(await storage.get(key))).toBe(`value ${index}`);
    }
    expect((await storage.list('')).objects.map((object) => object.key).sort()).toEqual([...LOOK_ALIKES].sort());
    await expectNothingOutsideStore();
  });
});

describe('a FileSystemStorage called directly, not through core, with hostile keys', () => {
  let parent: string;
  let storage: FileSystemStorage;

  beforeEach(async () => {
    parent = await makeTemporaryDirectory('hostile');
    await fs.writeFile(path.join(parent, 'outside'), 'untouched');
    storage = new FileSystemStorage({ basePath: path.join(parent, 'store') });
  });

  afterEach(async () => {
    await removeDirectory(parent);
  });

  // Its arguments are core's to check; keeping every file inside its directory stays its own concern.
  it.each(HOSTILE_KEYS)('writes, reads and removes nothing outside its directory for %s', async (_label, key) => {
    await Promise.allSettled([
      storage.put(key, bytes('escaped')),
      storage.putIfAbsent(key, bytes('escaped')),
      storage.get(key),
      storage.getRange(key, 4),
      storage.stat(key),
      storage.list(key),
    ]);
    await Promise.allSettled([storage.delete(key)]);
    const outside = (await walk(parent)).filter((entry) => entry !== 'store' && !entry.startsWith(`store${path.sep}`));
    expect(outside).toEqual(['outside']);
    expect(await fs.readFile(path.join(parent, 'outside'), 'utf8')).toBe('untouched');
  });
});

describe.each(storages)('resultStorageKey values on %s', (_name, create) => {
  let parent: string;
  let storage: ResultStorage;

  beforeEach(async () => {
    parent = await makeTemporaryDirectory('hostile');
    await fs.writeFile(path.join(parent, 'outside'), 'untouched');
    storage = create(parent);
  });

  afterEach(async () => {
    await removeDirectory(parent);
  });

  const VALUES = [
    '..',
    '.',
    '',
    '%',
    '%2E%2E',
    '../../outside',
    '../..',
    '/etc/passwd',
    '/',
    'C:\\Windows\\..\\..',
    'a\u0000b',
    '\n',
    'a\u0085b',
    'a\ud800',
    'a\udc00',
    '\u2215etc\u2215passwd',
    '\uff0fetc\uff0fpasswd',
    '\u2024\u2024',
    '\u2024\u2024/\u2024\u2024/outside',
  ];

  function reportsTask(strictKeys = false) {
    class Reports {
      runs = 0;

      @Task({ resultStorageKey: 'reports/{parameters.name}', resultStorage: storage, strictKeys })
      async load(name: string): Promise<string> {
        this.runs++;
        return `report for ${JSON.stringify(name)}`;
      }
    }
    const logger = new RecordingLogger();
    return { reports: new Engine({ logger }).attach(new Reports()), logger };
  }

  it('encodes every value into one segment under the template prefix, distinct per value, in the store', async () => {
    const { reports, logger } = reportsTask();
    for (const value of VALUES) expect(await reports.load(value)).toBe(`report for ${JSON.stringify(value)}`);
    expect(reports.runs).toBe(VALUES.length);
    expect(logger.warnings).toEqual([]);

    const keys = await recordKeys(storage);
    expect(keys).toHaveLength(VALUES.length); // no two values share a record
    for (const key of keys) {
      expect(key).toMatch(/^reports\/[^/]+$/);
      expect(() => checkStorageKey(key)).not.toThrow();
    }
    expect(keys).not.toContain('reports/..');
    expect(keys).not.toContain('reports/.');

    // A new process reads each record back from storage: every value is a hit.
    const { reports: again } = reportsTask();
    for (const value of VALUES) expect(await again.load(value)).toBe(`report for ${JSON.stringify(value)}`);
    expect(again.runs).toBe(0);

    const outside = (await walk(parent)).filter((entry) => entry !== 'store' && !entry.startsWith(`store${path.sep}`));
    expect(outside).toEqual(['outside']);
    expect(await fs.readFile(path.join(parent, 'outside'), 'utf8')).toBe('untouched');
  });

  it('runs a 10 000-character value uncached with a warning naming the template', async () => {
    const { reports, logger } = reportsTask();
    expect(await reports.load(LONG)).toBe(`report for ${JSON.stringify(LONG)}`);
    expect(await reports.load(LONG)).toBe(`report for ${JSON.stringify(LONG)}`);
    expect(reports.runs).toBe(2);
    expect(logger.warnings).toHaveLength(1);
    expect(logger.warnings[0]).toMatch(
      /Reports\.load runs uncached .*at most 1024 bytes .*resultStorageKey "reports\/\{parameters\.name\}"/,
    );
    expect(await recordKeys(storage)).toEqual([]);
  });

  it('fails a 10 000-char value with strictKeys: CacheKeyError naming the task, cause StorageKeyError', async () => {
    const { reports } = reportsTask(true);
    const error = await reports.load(LONG).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(CacheKeyError);
    expect((error as Error).message).toMatch(/^Reports\.load: no cache key: .*invalid storage key/);
    expect((error as Error).cause).toBeInstanceOf(StorageKeyError);
    expect(reports.runs).toBe(0);
  });
});

describe('resultStorageKey templates whose own text cannot make a key', () => {
  it.each([
    ['an absolute path', '/reports/{parameters.name}'],
    ['a parent segment', '../{parameters.name}'],
    ['a dot segment', 'reports/./{parameters.name}'],
    ['an empty segment', 'reports//{parameters.name}'],
    ['a trailing slash', 'reports/{parameters.name}/'],
    ['a backslash', 'reports\\{parameters.name}'],
    ['a control character', 'reports\n{parameters.name}'],
    ['too long a segment', `${'r'.repeat(300)}/{parameters.name}`],
  ])('is refused at decoration: %s', (_label, template) => {
    const define = () => {
      class Broken {
        @Task({ resultStorageKey: template })
        async load(name: string): Promise<string> {
          return name;
        }
      }
      return Broken;
    };
    expect(define).toThrow(TaskDefinitionError);
    expect(define).toThrow(/cannot make a storage key/);
  });
});
