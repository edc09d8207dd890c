import type { Command } from 'commander';
import { runWithContext, type CommandContext } from '../CommandContext';
import { parseLimit } from '../options';
import { formatTaskCounts } from '../output/flowRunFormat';
import { formatTable } from '../output/formatTable';
import { terminalSafeCell } from '../output/terminalSafe';
import { countSubflows, countTaskRuns } from '../shared/countTaskRuns';
import { formatDuration, formatTime, plural } from '../shared/formatValues';

const DEFAULT_LIMIT = 20;

/** `flowcache runs`: the flow runs kept in the run history, newest first. */
export function registerRuns(program: Command): void {
  program
    .command('runs')
    .description('list flow runs from the run history, newest first')
    .option('--limit <n>', `show at most n flow runs`, parseLimit, DEFAULT_LIMIT)
    .action((options: { limit: number }, command: Command) =>
      runWithContext(command, (context) => listFlowRuns(context, options.limit)),
    );
}

async function listFlowRuns(context: CommandContext, limit: number): Promise<void> {
  const { flowRuns, cursor, unreadable } = await context.inspector.flowRuns({ limit });
  if (context.json) {
    const runs = flowRuns.map((run) => ({ ...run, taskCounts: countTaskRuns(run) }));
    context.printJson({ storage: context.location, flowRuns: runs, more: cursor !== undefined, unreadable });
    return;
  }
  for (const { key, problem } of unreadable)
    context.note(`skipped the run history ${terminalSafeCell(key)}: ${problem}`);
  if (flowRuns.length === 0) {
    context.print(`no flow runs recorded in ${context.location}`);
    return;
  }
  const rows = flowRuns.map((run) => {
    const subflows = countSubflows(run);
    return [
      run.flowRunId,
      run.flowName,
      run.state,
      formatTime(run.startedAt),
      formatDuration(run.durationMs),
      formatTaskCounts(countTaskRuns(run)) + (subflows > 0 ? ` (${plural(subflows, 'subflow')})` : ''),
    ];
  });
  context.print(formatTable(['flow run', 'flow', 'state', 'started', 'duration', 'task runs'], rows));
  if (cursor !== undefined) context.note(`older flow runs are not shown; raise --limit to see more`);
}
