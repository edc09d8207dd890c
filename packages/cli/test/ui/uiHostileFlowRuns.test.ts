import { hostileStore } from './support/hostileStore';
import { flowRun, writeRunHistory } from './support/runHistoryBuilder';

/** The flow runs list over run history planted to break it: the counts it shows stay finite whole numbers. */

const NOW = Date.UTC(2026, 11, 7, 10, 30);

describe('flowcache ui flow runs over planted counts', () => {
  const page = hostileStore(NOW, async (storage) => {
    const started = new Date(NOW - 3_600_000);
    const counted = {
      taskName: 'Huge.task',
      cacheMisses: {},
      totalDurationMs: 0,
      minDurationMs: 0,
      maxDurationMs: 0,
    };
    const subflows = { flowName: 'Huge.sub', states: {}, totalDurationMs: 0, minDurationMs: 0, maxDurationMs: 0 };
    await writeRunHistory(storage, [
      flowRun(started, {
        flowRunId: 'huge',
        // Numbers near the largest, whose sums are not finite; a number as text, which `+` would glue on.
        moreTaskRuns: [
          { ...counted, count: 1e308, states: { Cached: 1e308, Completed: '5' as never } },
          { ...counted, count: 1e308, states: { Cached: 1e308, Completed: 1 } },
        ],
        moreSubflows: [
          { ...subflows, count: 1e308, taskRunStates: { Failed: 1e308 } },
          { ...subflows, count: 1e308, taskRunStates: { Failed: 1e308 } },
          { ...subflows, count: -7, taskRunStates: {} },
        ],
      }),
    ]);
  });

  it('shows the task runs and subflows of each run as finite counts, on the list and the run page', async () => {
    for (const markup of [await page(''), await page('runs/huge')]) {
      expect(markup).not.toMatch(/NaN|Infinity/);
      expect(markup).not.toContain('05');
    }
    const list = await page('');
    expect(list).toContain('<span class="state state-Completed">1 Completed</span>');
    expect(list).toMatch(/<span class="muted">[\d ]+ subflows<\/span>/);
  });
});

describe('flowcache ui flow runs filter with names of object properties', () => {
  const page = hostileStore(NOW, async (storage) => {
    await writeRunHistory(storage, [flowRun(new Date(NOW - 3_600_000))]);
  });

  it.each(['constructor', '__proto__', 'hasOwnProperty'])(
    'refuses state=%s with a 400 naming the field',
    async (state) => {
      const body = await page(`?state=${state}`, 400);
      expect(body).toContain(
        'The filter field &quot;state&quot; accepts Completed or Failed (or nothing, for both); ' +
          `got &quot;${state}&quot;.`,
      );
    },
  );
});

describe('flowcache ui flow run with counts stored as long digit strings', () => {
  // Grouping the thousands of a digit string this long takes seconds; of a 16 MiB one, hours.
  const digits = '1'.repeat(100_000);
  const page = hostileStore(NOW, async (storage) => {
    await writeRunHistory(storage, [
      flowRun(new Date(NOW - 3_600_000), {
        flowRunId: 'digits',
        moreTaskRuns: [
          {
            taskName: 'Long.count',
            count: 3,
            states: { Completed: 2, Cached: digits as never },
            cacheMisses: { absent: 2, expired: digits as never },
            totalDurationMs: 0,
            minDurationMs: 0,
            maxDurationMs: 0,
          },
        ],
        moreSubflows: [
          {
            flowName: 'Long.sub',
            count: 1,
            states: { Completed: 1, Failed: digits as never },
            totalDurationMs: 0,
            minDurationMs: 0,
            maxDurationMs: 0,
            taskRunStates: { Completed: 1, Cached: digits as never },
          },
        ],
      }),
    ]);
  });

  it('counts them for nothing, on the list and the run page, at once', async () => {
    for (const markup of [await page(''), await page('runs/digits')]) {
      expect(markup).not.toContain('111 111');
      expect(markup).not.toContain(digits);
    }
    const run = await page('runs/digits');
    expect(run).toContain('and 3 more: 2 Completed');
    expect(run).toContain('<td>2 nothing cached</td>');
  });
});
