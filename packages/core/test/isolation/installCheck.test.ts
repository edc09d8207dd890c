import 'reflect-metadata';
import { Container, injectable } from 'inversify';
import { ConfigurationError, installFlowcache, LOCK_MANAGER, MemoryLockManager, Task, taskInputHash } from '../../src';
import { RecordingLogger } from '../support';

@injectable()
class Reports {
  @Task({ cacheKeyFn: taskInputHash, isolationLevel: 'SERIALIZABLE' })
  async build(day: string): Promise<string> {
    return day;
  }
}

describe('a service with SERIALIZABLE tasks', () => {
  it('cannot be resolved, at startup, from a container without a LOCK_MANAGER', () => {
    const container = new Container();
    installFlowcache(container, { logger: new RecordingLogger() });
    container.bind(Reports).toSelf();
    expect(() => container.get(Reports)).toThrow(ConfigurationError);
    expect(() => container.get(Reports)).toThrow(
      /Reports\.build is SERIALIZABLE but no lock manager is configured: bind LOCK_MANAGER in the container/,
    );
  });

  it('is resolved and runs with a LOCK_MANAGER bound', async () => {
    const container = new Container();
    container.bind(LOCK_MANAGER).toConstantValue(new MemoryLockManager());
    installFlowcache(container, { logger: new RecordingLogger() });
    container.bind(Reports).toSelf();
    await expect(container.get(Reports).build('mon')).resolves.toBe('mon');
  });
});
