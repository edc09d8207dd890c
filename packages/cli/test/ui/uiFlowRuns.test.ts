import 'reflect-metadata';
import { Engine, MemoryStorage } from '@flowcache/core';
import { CacheInspector, type FlowRunSummary } from '@flowcache/core/records';
import { startUiServer, type UiServer } from '../../src/ui/startUiServer';
import { runBusyFlow } from '../support/busyFlow';
import { parseTable } from '../support/parseTable';
import { runCli, runCliJson } from '../support/runCli';
import { seedStorage, type SeededStorage } from '../support/seedStorage';
import { tableRows } from './support/htmlTable';
import { send } from './support/http';
import { Ledger } from './support/ledger';
import { Warehouse } from './support/warehouse';

// The CLI runs as a child process: about half a second a time on a busy machine.
jest.setTimeout(60_000);

/**
 * The flow run pages without a browser: task runs counted as
 * the CLI counts them, and links only to results that can exist.
 */
describe('flowcache ui flow runs', () => {
  let seeded: SeededStorage;
  let server: UiServer;
  let flowRuns: FlowRunSummary[];
  const quiet = { warn: () => undefined };

  beforeAll(async () => {
    // The CLI's storage (flows with subflows, a failed flow), then two runs of a flow ending in every state.
    seeded = await seedStorage();
    const ledger = new Engine({ storage: seeded.storage, logger: quiet }).attach(new Ledger());
    await ledger.close('mon');
    await ledger.close('tue');
    server = await startUiServer({
      inspector: new CacheInspector(seeded.storage),
      port: 0,
      host: '127.0.0.1',
      allowDelete: false,
    });
    flowRuns = (await runCliJson<{ flowRuns: FlowRunSummary[] }>(['runs', '--storage', seeded.url])).flowRuns;
  });

  afterAll(async () => {
    await server?.close();
    await seeded?.remove();
  });

  it('counts task runs per flow run as `flowcache runs` does: subflows included, states in a fixed order', async () => {
    const cli = parseTable((await runCli(['runs', '--storage', seeded.url])).stdout).map((row) =>
      // "2 Completed, 1 Cached (1 subflow)" as the page's badges read: "2 Completed 1 Cached 1 subflow".
      row['task runs'].replace(/,/g, '').replace(/[()]/g, ''),
    );
    const ui = tableRows((await send(server.url)).body, 'flow-runs').map((cells) => cells[4]);
    expect(ui).toEqual(cli);
    expect(ui).toEqual([
      // Ledger.close('tue'): Failed, RolledBack, Cached, then Completed
      '1 Completed 1 Cached 1 Failed 1 RolledBack 1 subflow',
      '2 Completed 1 Failed 1 RolledBack 1 subflow',
      '1 Failed',
      '3 Cached 1 subflow',
      '2 Completed 1 Cached 1 subflow',
      '3 Completed 1 subflow',
    ]);
  });

  it("shows a subflow's task runs counted by state in the run's Subflows table", async () => {
    const nightly = flowRuns.find(
      (run) => run.flowName === 'Reports.nightly' && run.subflows[0].taskRuns[0].state === 'Cached',
    )!;
    const subflows = tableRows((await send(`${server.url}runs/${nightly.flowRunId}`)).body, 'subflows');
    expect(subflows).toEqual([['Reports.regions', 'Completed', expect.stringMatching(/ms$/), '1 Cached']]);
    const [tuesday] = flowRuns;
    const ledgerSubflows = tableRows((await send(`${server.url}runs/${tuesday.flowRunId}`)).body, 'subflows');
    expect(ledgerSubflows.map((cells) => [cells[0], cells[3]])).toEqual([['Ledger.totals', '1 Completed']]);
  });

  it('links a cache key to its record only for Completed and Cached task runs', async () => {
    const [tuesday] = flowRuns;
    const page = (await send(`${server.url}runs/${tuesday.flowRunId}`)).body;
    expect(tableRows(page, 'task-runs').map((cells) => [cells[0], cells[1], cells[4]])).toEqual([
      ['Ledger.audit', 'Failed', 'audits/tue'],
      ['Ledger.entry', 'RolledBack', 'entries/draft-tue'],
      ['Ledger.entry', 'Cached', 'entries/opening'],
    ]);
    expect(page).toContain('<td class="key">audits/tue</td>');
    expect(page).toContain('<td class="key">entries/draft-tue</td>');
    expect(page).toContain('<td class="key"><a href="/records/entries%2Fopening">entries/opening</a></td>');
    const subflow = (await send(`${server.url}runs/${tuesday.subflows[0].flowRunId}`)).body;
    expect(subflow).toContain('<td class="key"><a href="/records/entries%2Ftotal-tue">entries/total-tue</a></td>');
  });
});

describe('flowcache ui flow runs, beyond the task runs kept in detail', () => {
  const storage = new MemoryStorage();
  let server: UiServer;
  let run: FlowRunSummary;

  beforeAll(async () => {
    await runBusyFlow(storage);
    const inspector = new CacheInspector(storage);
    [run] = (await inspector.flowRuns()).flowRuns;
    server = await startUiServer({ inspector, port: 0, host: '127.0.0.1', allowDelete: false });
  });

  afterAll(() => server?.close());

  it('counts the counted runs in the list of flow runs', async () => {
    const ui = tableRows((await send(server.url)).body, 'flow-runs').map((cells) => cells[4]);
    expect(ui).toEqual(['3 Completed 1 202 Cached 3 subflows']);
  });

  it('shows "and N more" per task under the detailed task runs; counted subflows in the Subflows table', async () => {
    const page = (await send(`${server.url}runs/${run.flowRunId}`)).body;
    expect(tableRows(page, 'task-runs').map((cells) => cells[1])).toEqual(['Completed', 'Cached']);
    expect(tableRows(page, 'more-task-runs')).toEqual([
      [
        'Busy.item',
        'and 1 200 more: 1 Completed, 1 199 Cached',
        '1 nothing cached',
        expect.stringMatching(/ in all, .* each$/),
      ],
    ]);
    expect(tableRows(page, 'subflows').map((cells) => [cells[0], cells[1], cells[3]])).toEqual([
      ['part', 'Completed', '1 Cached'],
      ['part', 'Completed', '1 Cached'],
      ['part', 'and 1 more: 1 Completed', '1 Completed'],
    ]);
    const subflow = (await send(`${server.url}runs/${run.subflows[0].flowRunId}`)).body;
    expect(subflow).not.toContain('id="task-runs"');
    expect(tableRows(subflow, 'more-task-runs').map((cells) => cells.slice(0, 3))).toEqual([
      ['Busy.item', 'and 1 more: 1 Cached', ''],
    ]);
  });
});

describe('flowcache ui flow runs, page after page', () => {
  const storage = new MemoryStorage();
  let server: UiServer;

  beforeAll(async () => {
    // One more than a page holds.
    const warehouse = new Engine({ storage }).attach(new Warehouse({ price: 0, label: 0 }));
    for (let run = 0; run < 26; run++) await warehouse.restock([], `run ${run}`);
    server = await startUiServer({
      inspector: new CacheInspector(storage),
      port: 0,
      host: '127.0.0.1',
      allowDelete: false,
    });
  });

  afterAll(() => server?.close());

  it('links the next page to the older runs, and every later page back to the newest', async () => {
    const first = (await send(server.url)).body;
    expect(tableRows(first, 'flow-runs')).toHaveLength(25);
    expect(first).not.toContain('id="newest-runs"');
    const older = /<a href="([^"]+)" id="older-runs">/.exec(first)![1].replace(/&amp;/g, '&');
    const second = (await send(`${server.url}${older.slice(1)}`)).body;
    expect(tableRows(second, 'flow-runs')).toHaveLength(1);
    expect(second).toContain('<a href="/" id="newest-runs">Newest runs</a>');
  });
});
