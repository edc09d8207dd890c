import 'reflect-metadata';
import { readdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigurationError, Engine, fallbackStorageUrl, storageFromUrl, Task, taskInputHash } from '@flowcache/core';
import { FileSystemStorage } from '@flowcache/storage-fs';
import { makeTemporaryDirectory, removeDirectory } from './support';

let root: string;
beforeEach(async () => {
  root = await makeTemporaryDirectory('url');
});
afterEach(async () => {
  await removeDirectory(root);
});

describe('file: storage URLs', () => {
  it('resolve to a FileSystemStorage at the path, fsync as asked', () => {
    const storage = storageFromUrl(`${pathToFileURL(root).href}?fsync=true`, 'FLOWCACHE_RESULTS_DEFAULT_STORAGE');
    expect(storage).toBeInstanceOf(FileSystemStorage);
    expect(storage.location).toBe(pathToFileURL(root).href);
    expect(() => storageFromUrl(`${pathToFileURL(root).href}?fsync=maybe`, 'the setting')).toThrow(ConfigurationError);
  });

  it('say what is wrong with a URL that names no storage', () => {
    expect(() => storageFromUrl('not a url', 'FLOWCACHE_RESULTS_DEFAULT_STORAGE')).toThrow(
      'FLOWCACHE_RESULTS_DEFAULT_STORAGE is "not a url", which is ' +
        'neither a URL nor a directory path; use file:///abs/path, ' +
        's3://bucket/prefix, memory://name or a directory path (./dir, /abs/dir, ~/dir)',
    );
    expect(() => storageFromUrl('ftp://host/x', 'the setting')).toThrow(/unknown scheme ftp:/);
  });

  it('default to <FLOWCACHE_HOME>/storage, where an engine with no other storage persists', async () => {
    expect(fallbackStorageUrl({ FLOWCACHE_HOME: root })).toBe(pathToFileURL(join(root, 'storage')).href);
    expect(fallbackStorageUrl({})).toMatch(/\/\.flowcache\/storage$/);

    class Totals {
      @Task({ cacheKeyFn: taskInputHash })
      async total(day: string): Promise<number> {
        return day.length;
      }
    }
    const engine = new Engine({ settings: { defaultStorage: fallbackStorageUrl({ FLOWCACHE_HOME: root }) } });
    await engine.attach(new Totals()).total('mon');
    expect(engine.storage.location).toBe(pathToFileURL(join(root, 'storage')).href);
    expect((await readdir(join(root, 'storage'))).length).toBe(1);
  });
});

describe('plain directory paths', () => {
  class Totals {
    @Task({ cacheKeyFn: taskInputHash })
    async total(day: string): Promise<number> {
      return day.length;
    }
  }

  it('name a FileSystemStorage: ./relative (to the working directory), /absolute and ~/in-home', () => {
    const relativePath = `./${relative(process.cwd(), join(root, 'results'))}`;
    expect(storageFromUrl(relativePath, '--storage')).toBeInstanceOf(FileSystemStorage);
    expect(storageFromUrl(relativePath, '--storage').location).toBe(pathToFileURL(join(root, 'results')).href);
    expect(storageFromUrl(join(root, 'results'), '--storage').location).toBe(pathToFileURL(join(root, 'results')).href);
    expect(storageFromUrl('~/flowcache-results', '--storage').location).toBe(
      pathToFileURL(join(homedir(), 'flowcache-results')).href,
    );
    expect(storageFromUrl('~', '--storage').location).toBe(pathToFileURL(homedir()).href);
  });

  it('are not guessed from a bare word, which is more often a URL missing its scheme', () => {
    expect(() => storageFromUrl('results', '--storage')).toThrow(
      '--storage is "results", which is neither a URL nor a directory path',
    );
    expect(() => storageFromUrl('~someone/results', '--storage')).toThrow(ConfigurationError);
  });

  it('are accepted as defaultStorage setting (FLOWCACHE_RESULTS_DEFAULT_STORAGE): engines persist there', async () => {
    expect(() => new Engine({ settings: { defaultStorage: 'results' } })).toThrow(
      'setting defaultStorage (FLOWCACHE_RESULTS_DEFAULT_STORAGE) ' +
        'is "results"; use file:///abs/path, s3://bucket/prefix, ' +
        'memory://name or a directory path (./dir, /abs/dir, ~/dir)',
    );
    const engine = new Engine({ settings: { defaultStorage: `./${relative(process.cwd(), join(root, 'results'))}` } });
    await engine.attach(new Totals()).total('mon');
    expect(engine.storage.location).toBe(pathToFileURL(join(root, 'results')).href);
    expect((await readdir(join(root, 'results'))).length).toBe(1);
  });
});
