/**
 * Run-history objects are stored text like records: one nested 20 000 subflows deep, or one of hundreds of
 * megabytes, is skipped with its reason; the other flow runs stay readable, and nothing runs out of stack or reads
 * the large object.
 */
import { MemoryStorage, type ResultStorage } from '../../src';
import { CacheInspector, MAX_RUN_HISTORY_BYTES, MAX_SUBFLOW_DEPTH } from '../../src/records';
import { MINIMAL_RUN as RUN, nestedRunHistory as nested } from '../../../../test/support/runHistoryDocuments';

/** A storage that records the `maxBytes` of each read and the most reads in flight at once. */
function watched(storage: ResultStorage): {
  storage: ResultStorage;
  maxBytes: (number | undefined)[];
  peak: () => number;
} {
  const maxBytes: (number | undefined)[] = [];
  let inFlight = 0;
  let peak = 0;
  const get: ResultStorage['get'] = async (key, options) => {
    maxBytes.push(options?.maxBytes);
    peak = Math.max(peak, ++inFlight);
    try {
      return await storage.get(key, options);
    } finally {
      inFlight--;
    }
  };
  return { storage: Object.assign(Object.create(storage) as ResultStorage, { get }), maxBytes, peak: () => peak };
}

describe('hostile run-history objects', () => {
  it('skip a history nested deeper than the bound, with the reason, and keep the others', async () => {
    const storage = new MemoryStorage();
    await storage.put('_flowcache/runs/0000000000001-deep.json', nested('deep', 20_000));
    await storage.put('_flowcache/runs/0000000000002-ok.json', nested('ok', MAX_SUBFLOW_DEPTH - 1));
    const inspector = new CacheInspector(storage);
    const { flowRuns, unreadable } = await inspector.flowRuns();
    expect(flowRuns.map((run) => run.flowRunId)).toEqual(['ok']);
    expect(unreadable).toEqual([
      {
        key: '_flowcache/runs/0000000000001-deep.json',
        problem: `its subflows nest more than ${MAX_SUBFLOW_DEPTH} deep`,
      },
    ]);
    expect(await inspector.flowRun('deep')).toBeUndefined();
    expect((await inspector.flowRun('leaf'))?.flowRunId).toBe('leaf');
  });

  it.each([
    ['parameters', { parameters: null }],
    ['flowName', { flowName: 5 }],
    ['durationMs', { durationMs: '1' }],
    [
      'taskName',
      {
        taskRuns: [
          {
            taskRunId: 't',
            taskName: 5,
            state: 'Completed',
            cacheKey: null,
            startedAt: '',
            endedAt: '',
            durationMs: 1,
            attempts: 1,
            cacheMiss: null,
            error: null,
          },
        ],
      },
    ],
  ])('skip a history whose field %s has the wrong type, naming it', async (field, fields) => {
    const storage = new MemoryStorage();
    await storage.put(
      '_flowcache/runs/0000000000001-bad.json',
      Buffer.from(JSON.stringify({ ...RUN, flowRunId: 'bad', subflows: [], ...fields })),
    );
    const inspector = new CacheInspector(storage);
    const { flowRuns, unreadable } = await inspector.flowRuns();
    expect(flowRuns).toEqual([]);
    expect(unreadable[0].problem).toMatch(
      new RegExp(`^the field "${field}" of a (flow|task) run is missing or of the wrong type$`),
    );
    expect(await inspector.flowRun('bad')).toBeUndefined();
  });

  it(`skip a history over ${MAX_RUN_HISTORY_BYTES} bytes without reading it, a few objects at a time`, async () => {
    const memory = new MemoryStorage();
    const big = Buffer.concat([
      Buffer.from(`${JSON.stringify({ ...RUN, flowRunId: 'big' }).slice(0, -1)},"x":"`),
      Buffer.alloc(MAX_RUN_HISTORY_BYTES, 'a'),
      Buffer.from('"}'),
    ]);
    await memory.put('_flowcache/runs/0000000000000-big.json', big);
    for (let index = 1; index <= 12; index++) {
      await memory.put(
        `_flowcache/runs/00000000000${String(index).padStart(2, '0')}-run${index}.json`,
        nested(`run${index}`, 0),
      );
    }
    const { storage, maxBytes, peak } = watched(memory);
    const { flowRuns, unreadable } = await new CacheInspector(storage).flowRuns({ limit: 20 });
    expect(flowRuns).toHaveLength(12);
    expect(unreadable).toEqual([
      {
        key: '_flowcache/runs/0000000000000-big.json',
        problem: expect.stringContaining(`more than the ${MAX_RUN_HISTORY_BYTES} a run history may`),
      },
    ]);
    expect(new Set(maxBytes)).toEqual(new Set([MAX_RUN_HISTORY_BYTES]));
    expect(peak()).toBeLessThanOrEqual(2);
  });
});
