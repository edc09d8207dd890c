import 'reflect-metadata';
import { runInNewContext } from 'node:vm';
import {
  Engine,
  Flow,
  MemoryStorage,
  Task,
  TaskDefinitionError,
  type ResultStorage,
  type TaskRunEvent,
} from '../../src';
import { RecordingLogger, recordKeys, manualClock } from '../support';
import { temporaryFileSystemStorage } from '../../../../test/support/temporaryStorage';

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

  it('renders a Date made in another realm as ISO-8601, like a Date of this one', async () => {
    const storage = new MemoryStorage();
    class Reports {
      @Task({ resultStorageKey: 'reports/{parameters.day}' })
      async daily(day: Date): Promise<number> {
        return day.getTime();
      }
    }
    const reports = new Engine({ storage }).attach(new Reports());
    await reports.daily(runInNewContext('new Date(Date.UTC(2026, 10, 26))') as Date);
    await reports.daily(new Date(Date.UTC(2026, 10, 27)));
    expect(await recordKeys(storage)).toEqual(['reports/2026-11-26T00:00:00.000Z', 'reports/2026-11-27T00:00:00.000Z']);
  });

  it.each([
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

  it('is refused at decoration when, without placeholders, it is not a valid storage key', () => {
    const define = () => {
      class Broken {
        @Task({ resultStorageKey: 'reports/' })
        async load(): Promise<string> {
          return 'all';
        }
      }
      return Broken;
    };
    expect(define).toThrow(TaskDefinitionError);
    expect(define).toThrow(/Broken\.load: resultStorageKey "reports\/" cannot make a storage key/);
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

describe.each([
  [
    'MemoryStorage',
    async () => ({ storage: new MemoryStorage() as ResultStorage, remove: async (): Promise<void> => undefined }),
  ],
  ['FileSystemStorage', temporaryFileSystemStorage],
])('a resultStorageKey without placeholders, on %s', (_name, createStorage) => {
  let storage: ResultStorage;
  let remove: () => Promise<unknown>;
  beforeEach(async () => ({ storage, remove } = await createStorage()));
  afterEach(() => remove());

  /** One process: a fresh engine (empty memory tier) on the shared storage, and what it reported. */
  function newProcess(options: { now?: number; refreshCache?: boolean } = {}) {
    const logger = new RecordingLogger();
    const clock = manualClock(options.now ?? Date.UTC(2026, 10, 26, 6));
    const bodies: string[] = [];
    class Reports {
      @Task({ resultStorageKey: 'daily-report', cacheExpiration: { hours: 24 }, refreshCache: options.refreshCache })
      async daily(region: string): Promise<string> {
        bodies.push(region);
        return `report of ${region}`;
      }

      @Task({ resultStorageKey: 'scratch-report', persistResult: false })
      async scratch(region: string): Promise<string> {
        bodies.push(region);
        return `scratch of ${region}`;
      }
    }
    const engine = new Engine({ storage, logger, clock: clock.read });
    const events: TaskRunEvent[] = [];
    engine.onTaskRun((event) => events.push(event));
    return { reports: engine.attach(new Reports()), bodies, logger, clock, events };
  }

  it('is the key of every call: a record stored there is Cached in a new process, whose body never runs', async () => {
    const first = newProcess();
    expect(await first.reports.daily('north')).toBe('report of north');
    expect(await recordKeys(storage)).toEqual(['daily-report']);

    const second = newProcess();
    expect(await second.reports.daily('north')).toBe('report of north');
    expect(await second.reports.daily('south')).toBe('report of north'); // one result, whatever the arguments
    expect(second.bodies).toEqual([]);
    expect(second.events.map((event) => [event.state, event.cacheKey])).toEqual([
      ['Cached', 'daily-report'],
      ['Cached', 'daily-report'],
    ]);
  });

  it('warns once per task, on its first call, that every call shares one result', async () => {
    const { reports, logger } = newProcess();
    await reports.daily('north');
    await reports.daily('south');
    await reports.daily('west');
    expect(logger.warnings).toEqual([
      'Reports.daily has resultStorageKey "daily-report" without a {placeholder}: every call shares the one result ' +
        'stored there, whatever its arguments. Add {parameters.<name>} to the template if calls differ.',
    ]);
  });

  it('expires: after cacheExpiration the body runs again and its result replaces the record', async () => {
    const first = newProcess();
    await first.reports.daily('north');
    const later = newProcess({ now: Date.UTC(2026, 10, 27, 7) });
    expect(await later.reports.daily('south')).toBe('report of south');
    expect(later.events[0]).toMatchObject({ state: 'Completed', cacheMiss: { reason: 'expired' } });
    expect(await newProcess({ now: Date.UTC(2026, 10, 27, 8) }).reports.daily('east')).toBe('report of south');
  });

  it('with refreshCache, runs the body every time and overwrites the record', async () => {
    await newProcess().reports.daily('north');
    const refreshing = newProcess({ refreshCache: true });
    expect(await refreshing.reports.daily('south')).toBe('report of south');
    expect(refreshing.bodies).toEqual(['south']);
    expect(await newProcess().reports.daily('east')).toBe('report of south');
  });

  it('with persistResult: false, shares one result in memory only: nothing is stored', async () => {
    const first = newProcess();
    expect(await first.reports.scratch('north')).toBe('scratch of north');
    expect(await first.reports.scratch('south')).toBe('scratch of north');
    expect(await recordKeys(storage)).toEqual([]);
    const second = newProcess();
    expect(await second.reports.scratch('south')).toBe('scratch of south');
  });
});
