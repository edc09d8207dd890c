import 'reflect-metadata';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Engine, Task, TieredStorage, taskInputHash } from '@flowcache/core';
import { describeStorageCompliance } from '@flowcache/core/testing';
import { FileSystemStorage } from '@flowcache/storage-fs';
import { S3Storage } from '../src';
import { freshPrefix } from '../../../test/support/freshPrefix';
import { makeTemporaryDirectory, removeDirectory } from '../../../test/support/temporaryDirectory';
import { RecordingLogger } from '../../../test/support/recordingLogger';
import { recordRequests } from './support/s3rverFixture';
import { useS3rver } from './support/useS3rver';

const s3 = useS3rver();

const directories = new Map<unknown, string>();
describeStorageCompliance('TieredStorage (files in front of S3)', {
  async create() {
    const basePath = await makeTemporaryDirectory('tiered-s3');
    const storage = new TieredStorage({
      local: new FileSystemStorage({ basePath }),
      remote: new S3Storage({ client: s3.client, bucket: s3.server.bucket, prefix: freshPrefix('tiered') }),
    });
    directories.set(storage, basePath);
    return storage;
  },
  async destroy(storage) {
    await removeDirectory(directories.get(storage)!);
    directories.delete(storage);
  },
});

class Reports {
  runs = 0;

  @Task({ cacheKeyFn: taskInputHash })
  async load(day: string): Promise<string[]> {
    this.runs++;
    return [`${day}:a`, `${day}:b`];
  }
}

describe('a worker with a local tier in front of S3', () => {
  let basePath: string;
  beforeEach(async () => {
    basePath = await makeTemporaryDirectory('tiered-worker');
  });
  afterEach(async () => {
    await removeDirectory(basePath);
  });

  it('reads a result from S3 once; restarted on the same host, it serves it with 0 S3 requests', async () => {
    const client = s3.server.createClient();
    const requests = recordRequests(client);
    const remote = new S3Storage({ client, bucket: s3.server.bucket, prefix: freshPrefix('tiered-worker') });
    /** A worker process on this host: a new engine, a new storage over the same directory. */
    const worker = () => {
      const logger = new RecordingLogger();
      const storage = new TieredStorage({ local: new FileSystemStorage({ basePath }), remote, logger });
      return { reports: new Engine({ storage, logger }).attach(new Reports()), logger };
    };

    await new Engine({ storage: remote }).attach(new Reports()).load('mon'); // another host computed it
    requests.clear();

    const first = worker();
    expect(await first.reports.load('mon')).toEqual(['mon:a', 'mon:b']);
    expect(first.reports.runs).toBe(0);
    expect(requests.commands).toEqual(['GetObject']); // and the local tier is filled

    requests.clear();
    const restarted = worker();
    expect(await restarted.reports.load('mon')).toEqual(['mon:a', 'mon:b']);
    expect(restarted.reports.runs).toBe(0);
    expect(requests.commands).toEqual([]);

    // A miss is written to S3 (first) and to the local tier: the next restart reads neither S3 nor the body.
    requests.clear();
    expect(await restarted.reports.load('tue')).toEqual(['tue:a', 'tue:b']);
    expect(requests.commands).toEqual(['GetObject', 'PutObject']);
    requests.clear();
    const again = worker();
    expect(await again.reports.load('tue')).toEqual(['tue:a', 'tue:b']);
    expect(again.reports.runs).toBe(0);
    expect(requests.commands).toEqual([]);
    expect([...first.logger.warnings, ...restarted.logger.warnings, ...again.logger.warnings]).toEqual([]);
  });

  it('works with S3 alone, warning once, when its local directory cannot be written', async () => {
    const client = s3.server.createClient();
    const requests = recordRequests(client);
    const remote = new S3Storage({ client, bucket: s3.server.bucket, prefix: freshPrefix('tiered-broken') });
    const notADirectory = join(basePath, 'file');
    await writeFile(notADirectory, 'a file where the local tier should be');
    const logger = new RecordingLogger();
    const storage = new TieredStorage({ local: new FileSystemStorage({ basePath: notADirectory }), remote, logger });
    const reports = new Engine({ storage, logger }).attach(new Reports());

    expect(await reports.load('mon')).toEqual(['mon:a', 'mon:b']);
    expect(await new Engine({ storage, logger }).attach(new Reports()).load('mon')).toEqual(['mon:a', 'mon:b']);
    expect(reports.runs).toBe(1);
    expect(requests.commands).toEqual(['GetObject', 'PutObject', 'GetObject']);
    // Reading under a file finds nothing (ENOTDIR): only the writes fail, and warn once.
    expect(logger.warnings.map((warning) => warning.split(' (')[0])).toEqual([
      `the local tier file://${notADirectory} failed to write "${await firstKey(remote)}"`,
    ]);
  });
});

async function firstKey(storage: S3Storage): Promise<string> {
  return (await storage.list('')).objects[0].key;
}
