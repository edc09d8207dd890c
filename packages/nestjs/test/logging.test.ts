import 'reflect-metadata';
import { Injectable, Module, type LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MemoryStorage, Task, taskInputHash } from '@flowcache/core';
import { FlowcacheModule } from '@flowcache/nestjs';

@Injectable()
class Notifier {
  @Task({ cacheKeyFn: taskInputHash })
  async notify(channel: { post: (text: string) => void }, text: string): Promise<void> {
    channel.post(text);
  }
}

@Module({ imports: [FlowcacheModule.forRoot({ storage: new MemoryStorage() })], providers: [Notifier] })
class NotifierModule {}

/** Keeps what the application logs, as Nest hands it to a logger service. */
class RecordingLogger implements LoggerService {
  readonly warnings: unknown[][] = [];
  log(): void {}
  error(): void {}
  warn(...args: unknown[]): void {
    this.warnings.push(args);
  }
}

describe('FlowcacheModule logging', () => {
  it('reports what flowcache recovers from through the application’s Nest logger, context Flowcache', async () => {
    const logger = new RecordingLogger();
    const app = await NestFactory.create(NotifierModule, { logger, abortOnError: false });
    try {
      await app.init();
      await app.get(Notifier).notify({ post: () => undefined }, 'hi'); // a function argument: runs uncached, warns
      expect(logger.warnings).toEqual([
        [expect.stringMatching(/^Notifier\.notify runs uncached .*args\[0\]\.post/), 'Flowcache'],
      ]);
    } finally {
      await app.close();
    }
  });
});
