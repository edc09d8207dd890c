import { describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { Engine, MemoryStorage, Task, taskInputHash } from '@flowcache/core';
import { RedisLockManager } from '@flowcache/lock-redis';
import { findFreePort } from './support/redisServer';
import { RecordingLogger } from '../../../test/support/recordingLogger';

class Reports {
  runs = 0;

  @Task({ cacheKeyFn: taskInputHash, isolationLevel: 'SERIALIZABLE' })
  async build(day: string): Promise<string> {
    this.runs++;
    return `report for ${day}`;
  }
}

describe('a SERIALIZABLE task whose Redis server cannot be reached', () => {
  it('runs without its lock, warning with the location and the key', async () => {
    const port = await findFreePort(); // nobody listens there
    // maxRetriesPerRequest: 0 fails at the first refused connection; disconnectTimeout: 0 lets jest exit at once.
    const client = new Redis({ host: '127.0.0.1', port, maxRetriesPerRequest: 0, disconnectTimeout: 0 });
    client.on('error', () => undefined);
    const logger = new RecordingLogger();
    try {
      const engine = new Engine({
        storage: new MemoryStorage(),
        lockManager: new RedisLockManager({ client }),
        logger,
      });
      const reports = engine.attach(new Reports());
      expect(await reports.build('monday')).toBe('report for monday');
      expect(reports.runs).toBe(1);
      const warning = logger.warnings.find((message) => message.includes('runs without its lock'));
      expect(warning).toMatch(
        new RegExp(
          String.raw`^Reports\.build runs without its lock: acquire "[^"]+" in ` +
            String.raw`redis:\/\/127\.0\.0\.1:\d+\/0\/flowcache:lock failed: `,
        ),
      );
      expect(warning).toContain(`127.0.0.1:${port}`);
    } finally {
      client.disconnect();
    }
  });
});
