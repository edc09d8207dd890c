import 'reflect-metadata';
import { Engine, Flow, MemoryStorage, Task, TaskDefinitionError } from '../../src';
import { RecordingLogger, recordKeys } from '../support';

describe('resultStorageKey', () => {
  it('names the record and is the cache key, with values that cannot add segments or escape', async () => {
    const storage = new MemoryStorage();
    let runs = 0;
    class Reports {
      @Task({ resultStorageKey: 'reports/{parameters.region}/{parameters.day}' })
      async daily(region: string, day: string): Promise<string> {
        runs++;
        return `${region} ${day}`;
      }

      @Flow()
      async nightly(region: string): Promise<string> {
        return this.daily(region, '2026-11-26');
      }
    }
    const reports = new Engine({ storage }).attach(new Reports());
    await reports.daily('eu', '2026-11-26');
    await reports.nightly('eu');
    expect(runs).toBe(1);
    await reports.daily('../../etc', 'passwd');
    await reports.daily('a/b', '..');
    await reports.daily('%2F', '');
    const keys = await recordKeys(storage);
    expect(keys).toEqual([
      'reports/%252F/%',
      'reports/..%2F..%2Fetc/passwd', // one segment: the slashes are encoded
      'reports/a%2Fb/%2E%2E',
      'reports/eu/2026-11-26',
    ]);
  });

  it('can use the flow run, the task name and the date', async () => {
    const storage = new MemoryStorage();
    const clock = () => Date.UTC(2026, 10, 26, 23, 59);
    class Jobs {
      @Task({ resultStorageKey: '{taskName}/{date}/{flowRun.name}/{flowRun.parameters.batch}' })
      async step(): Promise<number> {
        return 1;
      }

      @Flow({ name: 'batch job' })
      async run(batch: { id: number }): Promise<number> {
        return this.step();
      }
    }
    const logger = new RecordingLogger();
    const jobs = new Engine({ storage, clock, logger }).attach(new Jobs());
    await jobs.run({ id: 7 });
    const [key] = await recordKeys(storage);
    expect(key).toMatch(/^Jobs\.step\/2026-11-26\/batch job\/[0-9a-f]{64}$/);
    await jobs.step(); // outside a flow the flow placeholders have no value: uncached, with a warning
    expect(logger.warnings[0]).toMatch(/Jobs\.step runs uncached .*\{flowRun\.name\} has no value outside a flow/);
  });

  it.each([
    ['no placeholder', 'reports/all', /has no \{placeholder\}/],
    ['an unknown parameter', 'reports/{parameters.month}', /the method has no parameter "month" \(it has day\)/],
    ['an unknown placeholder', 'reports/{day}', /\{day\} is not a placeholder/],
  ])('is refused at decoration with %s', (_label, template, message) => {
    const define = () => {
      class Broken {
        @Task({ resultStorageKey: template })
        async load(day: string): Promise<string> {
          return day;
        }
      }
      return Broken;
    };
    expect(define).toThrow(TaskDefinitionError);
    expect(define).toThrow(message);
  });

  it('cannot be combined with cacheKeyFn', () => {
    expect(() => {
      class Both {
        @Task({ resultStorageKey: '{parameters.day}', cacheKeyFn: () => 'k' })
        async load(day: string): Promise<string> {
          return day;
        }
      }
      return Both;
    }).toThrow(/use it or cacheKeyFn, not both/);
  });
});
