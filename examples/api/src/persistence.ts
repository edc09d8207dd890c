import 'reflect-metadata';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Container, injectable } from 'inversify';
import {
  compressed,
  Flow,
  installFlowcache,
  MemoryStorage,
  RESULT_SERIALIZER,
  RESULT_STORAGE,
  storageFromUrl,
  StoragePackageMissingError,
  fallbackStorageUrl,
  Task,
  taskInputHash,
  v8Serializer,
  type PersistMode,
  type ResultStorage,
  type StorageFromUrlOptions,
} from '@flowcache/core';
import { RUN_HISTORY_PREFIX } from '@flowcache/core/records';

const archive = new MemoryStorage({ name: 'archive' }); // stands in for an S3Storage or FileSystemStorage
const slowWrites: PersistMode = 'background';

@injectable()
class Pipeline {
  runs: string[] = [];

  // Any cache option implies persistResult: true. The result is written to the container's RESULT_STORAGE.
  @Task({ cacheKeyFn: taskInputHash })
  async extract(day: string): Promise<number[]> {
    this.runs.push('extract');
    return [1, 2, 3];
  }

  // A storage and serializer of its own; written after the call returns (the flow waits for it).
  @Task({ cacheKeyFn: taskInputHash, resultStorage: archive, resultSerializer: 'brotli+v8', persistMode: slowWrites })
  async archiveRows(rows: number[]): Promise<Map<string, number[]>> {
    this.runs.push('archive');
    return new Map([['rows', rows]]);
  }

  // Memory only: never written, not shared with other processes.
  @Task({ cacheKeyFn: taskInputHash, persistResult: false })
  async preview(rows: number[]): Promise<string> {
    this.runs.push('preview');
    return rows.join(',');
  }

  @Flow()
  async nightly(day: string): Promise<string> {
    const rows = await this.extract(day);
    await this.archiveRows(rows);
    return this.preview(rows);
  }
}

function newProcess(storage: MemoryStorage): Pipeline {
  const container = new Container();
  container.bind(RESULT_STORAGE).toConstantValue(storage);
  container.bind(RESULT_SERIALIZER).toConstantValue(compressed(v8Serializer, 'gzip'));
  installFlowcache(container);
  container.bind(Pipeline).toSelf().inSingletonScope();
  return container.get(Pipeline);
}

export async function main(): Promise<void> {
  const shared = new MemoryStorage({ name: 'shared' }); // what two processes would share through S3 or a disk
  const first = newProcess(shared);
  await first.nightly('2026-11-26');
  assert.deepEqual(first.runs, ['extract', 'archive', 'preview']);
  // One record in each storage (written before nightly() returned), and the flow run's history in the shared one.
  assert.equal((await archive.list('')).objects.length, 1);
  assert.equal((await shared.list('')).objects.length, 2);
  assert.equal((await shared.list(RUN_HISTORY_PREFIX)).objects.length, 1);

  const second = newProcess(shared); // a restart: memory is empty, storage is not
  await second.nightly('2026-11-26');
  assert.deepEqual(second.runs, ['preview']); // only the memory-only task ran again

  // The default storage, when nothing is bound: FLOWCACHE_RESULTS_DEFAULT_STORAGE, else ~/.flowcache/storage.
  assert.match(fallbackStorageUrl({ FLOWCACHE_HOME: '/srv/flowcache' }), /^file:\/\/\/srv\/flowcache\/storage$/);
  assert.equal(storageFromUrl('memory://scratch', 'example').location, 'memory://scratch');
  // A directory path is a file storage too: ./results from the working directory, /abs/dir, ~/dir.
  assert.equal(openStorage('./results').location, pathToFileURL(resolve('results')).href);
}

// A program installed apart from the projects it serves (a command line tool) names where adapter packages may
// be installed; an s3:// URL with @flowcache/storage-s3 in none of them throws an error naming the package.
const besideThisProgram: StorageFromUrlOptions = { resolveFrom: [__dirname, process.cwd()] };

function openStorage(url: string): ResultStorage {
  try {
    return storageFromUrl(url, '--storage', besideThisProgram);
  } catch (error) {
    if (error instanceof StoragePackageMissingError)
      throw new Error(`${error.url} needs ${error.packageName}: npm i ${error.packageName}`);
    throw error;
  }
}
