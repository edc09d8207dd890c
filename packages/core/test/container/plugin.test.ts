import 'reflect-metadata';
import { Container, injectable } from 'inversify';
import {
  ConfigurationError,
  FLOWCACHE_ENGINE,
  FLOWCACHE_LOGGER,
  FLOWCACHE_SETTINGS,
  FlowcachePlugin,
  flowcachePlugin,
  installFlowcache,
  Task,
  taskInputHash,
  type Engine,
  type TaskRunEvent,
} from '../../src';
import { RecordingLogger, states } from '../support';

@injectable()
class Prices {
  lookups = 0;

  @Task({ cacheKeyFn: taskInputHash })
  async priceOf(sku: string): Promise<number> {
    this.lookups++;
    return sku.length;
  }
}

function recordTaskRuns(engine: Engine): TaskRunEvent[] {
  const events: TaskRunEvent[] = [];
  engine.onTaskRun((event) => events.push(event));
  return events;
}

describe('flowcache as an inversify plugin', () => {
  it('is installed by container.register(FlowcachePlugin), with the engine under FLOWCACHE_ENGINE', async () => {
    const container = new Container();
    container.bind(FLOWCACHE_LOGGER).toConstantValue(new RecordingLogger());
    container.register(FlowcachePlugin);
    const events = recordTaskRuns(container.get(FLOWCACHE_ENGINE));
    container.bind(Prices).toSelf();

    const prices = container.get(Prices);
    await prices.priceOf('apple');
    await container.get(Prices).priceOf('apple'); // another transient instance, the same cache
    expect(prices.lookups).toBe(1);
    expect(states(events)).toEqual(['Prices.priceOf:Completed', 'Prices.priceOf:Cached']);
  });

  it('takes the install options through flowcachePlugin(options)', async () => {
    const container = new Container();
    const logger = new RecordingLogger();
    container.register(flowcachePlugin({ settings: { memoryCacheSize: 3 }, logger }));
    expect(container.get(FLOWCACHE_SETTINGS).memoryCacheSize).toBe(3);
    expect(container.get(FLOWCACHE_ENGINE).results.maxEntries).toBe(3);
    expect(container.get(FLOWCACHE_LOGGER)).toBe(logger);
  });

  it('refuses an unknown option when made, and a second installation in one container when registered', () => {
    expect(() => flowcachePlugin({ setings: {} } as never)).toThrow(
      new ConfigurationError('unknown install option "setings"; the options are settings, logger, clock'),
    );
    const container = new Container();
    installFlowcache(container, { logger: new RecordingLogger() });
    expect(() => container.register(FlowcachePlugin)).toThrow(/flowcache is already installed in this container/);
    const other = new Container();
    other.register(flowcachePlugin({ logger: new RecordingLogger() }));
    expect(() => installFlowcache(other)).toThrow(ConfigurationError);
  });
});
