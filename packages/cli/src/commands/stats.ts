import type { Command } from 'commander';
import type { RunStats } from '@flowcache/core/records';
import { runWithContext, type CommandContext } from '../CommandContext';
import { parseTime } from '../options';
import { formatFields, formatTable } from '../output/formatTable';
import { foreignJson, foreignNotice } from '../output/foreignNotice';
import { startProgress } from '../output/progressReporter';
import { formatBytes, formatDuration, formatRatio, formatTime, plural } from '../shared/formatValues';
import { checkPeriod } from '../shared/checkPeriod';
import { statsByTask } from '../shared/statsByTask';

interface StatsOptions {
  since?: Date;
  until?: Date;
}

/**
 * `flowcache stats`: records, bytes and expired records, in all and per task, the flow runs kept, and what the task
 * runs of a period did: calls, hit ratio, compute time spent and saved.
 */
export function registerStats(program: Command): void {
  program
    .command('stats')
    .description(
      'count records, bytes and expired records, in all and per task; calls, hit ratio and compute time spent and ' +
        'saved by the task runs in the run history',
    )
    .option(
      '--since <time>',
      'count the task runs of flow runs started since then (7d, 24h, 2026-12-01)',
      (text: string) => parseTime(text),
    )
    .option(
      '--until <time>',
      'count the task runs of flow runs started before then (same forms as --since)',
      (text: string) => parseTime(text),
    )
    .action((options: StatsOptions, command: Command) => {
      checkPeriod(options.since, options.until, 'stats');
      return runWithContext(command, (context) => showStats(context, options));
    });
}

async function showStats(context: CommandContext, { since, until }: StatsOptions): Promise<void> {
  const progress = startProgress('counting', { json: context.json });
  let stats;
  try {
    stats = await context.inspector.stats({ since, until, onProgress: progress.onProgress });
  } finally {
    progress.stop();
  }
  const period = { since: since?.toISOString() ?? null, until: until?.toISOString() ?? null };
  if (context.json) {
    context.printJson({ storage: context.location, period, ...stats, foreign: foreignJson(stats.foreign) });
    return;
  }
  const skipped = foreignNotice(stats.foreign);
  if (skipped !== undefined) context.note(skipped);
  const { runs } = stats;
  context.print(
    formatFields([
      ['storage', context.location],
      ['records', `${stats.count} (${formatBytes(stats.bytes)})`],
      ['expired', `${stats.expired} (${formatBytes(stats.expiredBytes)}), of which ${stats.unreadable} unreadable`],
      ['flow runs', `${stats.flowRuns}${runs.unreadable > 0 ? `, of which ${runs.unreadable} unreadable` : ''}`],
      ['period', describePeriod(period)],
      ['task runs', `${runs.calls} in ${plural(runs.flowRuns, 'flow run')}, ${describeHits(runs)}`],
      ['compute', `${formatDuration(runs.computeMs)} spent, ${formatDuration(runs.savedMs)} saved by hits`],
    ]),
  );
  const rows = statsByTask(stats).map(({ task, runs: calls, records }) => [
    task,
    String(records?.count ?? 0),
    formatBytes(records?.bytes ?? 0),
    String(records?.expired ?? 0),
    String(calls?.calls ?? 0),
    formatRatio(calls?.hitRatio ?? null),
    formatDuration(calls?.computeMs ?? 0),
    formatDuration(calls?.savedMs ?? 0),
  ]);
  if (rows.length === 0) return;
  const header = ['task', 'records', 'size', 'expired', 'calls', 'hit ratio', 'compute', 'saved'];
  context.print(`\n${formatTable(header, rows)}`);
}

function describePeriod({ since, until }: { since: string | null; until: string | null }): string {
  if (since === null && until === null) return 'all the run history kept';
  const from = since === null ? 'the oldest flow run kept' : formatTime(since);
  return `flow runs started from ${from} ${until === null ? 'until now' : `to ${formatTime(until)}`}`;
}

function describeHits(runs: RunStats): string {
  return runs.hitRatio === null ? 'no hits' : `${plural(runs.hits, 'hit')} (${formatRatio(runs.hitRatio)})`;
}
