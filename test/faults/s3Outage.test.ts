import 'reflect-metadata';
import { Engine, Flow, Task, taskInputHash, type TaskRunEvent } from '@flowcache/core';
import { S3Storage } from '@flowcache/storage-s3';
import { createS3Client } from '../../packages/storage-s3/test/support/s3rverFixture';
import { RestartableS3rver } from './support/restartableS3rver';
import { RecordingLogger } from '../support/recordingLogger';

/** A nightly flow of three persisted tasks; `between` runs after the first, where the test takes S3 down. */
class Nightly {
  bodyRuns: string[] = [];
  between: () => Promise<void> = async () => undefined;

  @Task({ cacheKeyFn: taskInputHash })
  async extract(day: string): Promise<number[]> {
    this.bodyRuns.push('extract');
    return [day.length, 2, 3];
  }

  @Task({ cacheKeyFn: taskInputHash })
  async transform(rows: number[]): Promise<number[]> {
    this.bodyRuns.push('transform');
    return rows.map((row) => row * 10);
  }

  @Task({ cacheKeyFn: taskInputHash, persistMode: 'background' })
  async summarize(rows: number[]): Promise<number> {
    this.bodyRuns.push('summarize');
    return rows.reduce((sum, row) => sum + row, 0);
  }

  @Flow()
  async run(day: string): Promise<number> {
    const rows = await this.extract(day);
    await this.between();
    return this.summarize(await this.transform(rows));
  }
}

describe('a flow persisting to S3 when S3 goes down mid-flow', () => {
  let s3: RestartableS3rver;
  let storage: S3Storage;
  let client: ReturnType<typeof createS3Client>;

  beforeAll(async () => {
    s3 = await RestartableS3rver.start();
    // No retries and short timeouts: a request to a server that is gone fails in milliseconds, never hangs.
    client = createS3Client(s3.endpoint, {
      maxAttempts: 1,
      requestHandler: { connectionTimeout: 1_000, requestTimeout: 2_000 },
    });
    storage = new S3Storage({ client, bucket: s3.bucket, prefix: 'outage' });
  });
  afterAll(async () => {
    client.destroy();
    await s3.close();
  });

  function newRun(): { engine: Engine; nightly: Nightly; logger: RecordingLogger; events: TaskRunEvent[] } {
    const logger = new RecordingLogger();
    const engine = new Engine({ storage, logger });
    const events: TaskRunEvent[] = [];
    engine.onTaskRun((event) => events.push(event));
    return { engine, nightly: engine.attach(new Nightly()), logger, events };
  }

  const states = (events: readonly TaskRunEvent[]) => events.map((event) => `${event.taskName}:${event.state}`);

  it('returns every value uncached, warns once per task and cause, and caches again once S3 is back', async () => {
    // S3 fails between extract (written) and transform.
    const outage = newRun();
    outage.nightly.between = () => s3.stop();
    await expect(outage.nightly.run('monday')).resolves.toBe(60 + 20 + 30);
    await outage.engine.flush();
    expect(outage.nightly.bodyRuns).toEqual(['extract', 'transform', 'summarize']);
    expect(states(outage.events)).toEqual([
      'Nightly.extract:Completed',
      'Nightly.transform:Completed',
      'Nightly.summarize:Completed',
    ]);

    const warnings = outage.logger.warnings;
    // Reading: one warning for the storage, whichever tasks found it unreachable.
    expect(warnings.filter((warning) => warning.includes('runs without its stored result'))).toHaveLength(1);
    // Writing: the sync write of transform and the background write of summarize are each reported, naming the
    // task and the storage.
    const failedWrites = warnings.filter((warning) => warning.includes('writing its result'));
    expect(failedWrites).toEqual([
      expect.stringMatching(
        /^Nightly\.transform: writing its result under .* to s3:\/\/flowcache-faults\/outage failed/,
      ),
      expect.stringMatching(
        /^Nightly\.summarize: writing its result under .* to s3:\/\/flowcache-faults\/outage failed/,
      ),
    ]);
    // The flow's run history could not be written either: one warning.
    expect(warnings.filter((warning) => warning.includes('history of flow run'))).toHaveLength(1);
    expect(warnings).toHaveLength(4);

    // Still down: a second flow run in the same process computes everything again and adds no read warning.
    const before = warnings.length;
    outage.nightly.between = async () => undefined;
    await expect(outage.nightly.run('tuesday')).resolves.toBe(70 + 20 + 30);
    await outage.engine.flush();
    const added = warnings.slice(before);
    expect(added.filter((warning) => warning.includes('runs without its stored result'))).toEqual([]);
    // Failed writes are reported once per task and storage: only extract, whose write had not failed before.
    expect(added).toEqual([expect.stringMatching(/^Nightly\.extract: writing its result/)]);

    // S3 is back on the same endpoint with the objects it held: what was written before the outage is a hit in a
    // new process, what failed is computed and written again, and from then on everything is cached.
    await s3.restart();
    const recovery = newRun();
    await expect(recovery.nightly.run('monday')).resolves.toBe(110);
    await recovery.engine.flush();
    expect(states(recovery.events)).toEqual([
      'Nightly.extract:Cached',
      'Nightly.transform:Completed',
      'Nightly.summarize:Completed',
    ]);
    expect(recovery.logger.warnings).toEqual([]);

    const cached = newRun();
    await expect(cached.nightly.run('monday')).resolves.toBe(110);
    expect(cached.nightly.bodyRuns).toEqual([]);
    expect(states(cached.events)).toEqual([
      'Nightly.extract:Cached',
      'Nightly.transform:Cached',
      'Nightly.summarize:Cached',
    ]);
    expect(cached.logger.warnings).toEqual([]);
  });
});
