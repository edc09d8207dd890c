import type { Command } from 'commander';
import { runWithContext, type CommandContext } from '../CommandContext';
import { formatFields, formatTable } from '../output/formatTable';
import { foreignJson, foreignNotice } from '../output/foreignNotice';
import { startProgress } from '../output/progressReporter';
import { formatBytes } from '../shared/formatValues';

/** `flowcache stats`: records, bytes and expired records, in all and per task, and the flow runs kept. */
export function registerStats(program: Command): void {
  program
    .command('stats')
    .description('count records, bytes and expired records, in all and per task, and the flow runs kept')
    .action((_options: unknown, command: Command) => runWithContext(command, showStats));
}

async function showStats(context: CommandContext): Promise<void> {
  const progress = startProgress('counting', { json: context.json });
  let stats;
  try {
    stats = await context.inspector.stats({ onProgress: progress.onProgress });
  } finally {
    progress.stop();
  }
  if (context.json) {
    context.printJson({ storage: context.location, ...stats, foreign: foreignJson(stats.foreign) });
    return;
  }
  const skipped = foreignNotice(stats.foreign);
  if (skipped !== undefined) context.note(skipped);
  context.print(
    formatFields([
      ['storage', context.location],
      ['records', `${stats.count} (${formatBytes(stats.bytes)})`],
      ['expired', `${stats.expired} (${formatBytes(stats.expiredBytes)}), of which ${stats.unreadable} unreadable`],
      ['flow runs', String(stats.flowRuns)],
    ]),
  );
  const tasks = Object.entries(stats.tasks).sort(([a], [b]) => a.localeCompare(b));
  if (tasks.length === 0) return;
  const rows = tasks.map(([task, { count, bytes, expired }]) => [
    task,
    String(count),
    formatBytes(bytes),
    String(expired),
  ]);
  context.print(`\n${formatTable(['task', 'records', 'size', 'expired'], rows)}`);
}
