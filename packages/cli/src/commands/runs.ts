import type { Command } from 'commander';
import type { FlowRunFilter, FlowRunSummary, UnreadableFlowRun } from '@flowcache/core/records';
import { runWithContext, type CommandContext } from '../CommandContext';
import { parseLimit } from '../options';
import { formatTaskCounts } from '../output/flowRunFormat';
import { formatTable } from '../output/formatTable';
import { terminalSafeCell } from '../output/terminalSafe';
import { countSubflows, countTaskRuns } from '../shared/countTaskRuns';
import { formatDuration, formatTime, plural } from '../shared/formatValues';
import { addRunsFilterOptions, isFiltered, runsFilter, type RunsFilterOptions } from './runsFilter';

const DEFAULT_LIMIT = 20;

/** `flowcache runs`: the flow runs kept in the run history, newest first. */
export function registerRuns(program: Command): void {
  const command = program
    .command('runs')
    .description('list flow runs from the run history, newest first; filter by flow, state, start and parameter')
    .option('--limit <n>', `show at most n flow runs`, parseLimit, DEFAULT_LIMIT);
  addRunsFilterOptions(command).action((options: RunsFilterOptions & { limit: number }, command: Command) => {
    const filter = runsFilter(options);
    return runWithContext(command, (context) => listFlowRuns(context, filter, options.limit));
  });
}

async function listFlowRuns(context: CommandContext, filter: FlowRunFilter, limit: number): Promise<void> {
  const { flowRuns, cursor, unreadable } = await findFlowRuns(context, filter, limit);
  if (context.json) {
    const runs = flowRuns.map((run) => ({ ...run, taskCounts: countTaskRuns(run) }));
    context.printJson({ storage: context.location, flowRuns: runs, more: cursor !== undefined, unreadable });
    return;
  }
  for (const { key, problem } of unreadable)
    context.note(`skipped the run history ${terminalSafeCell(key)}: ${problem}`);
  if (flowRuns.length === 0) {
    context.print(
      isFiltered(filter)
        ? `no flow run matches the filter in ${context.location}`
        : `no flow runs recorded in ${context.location}`,
    );
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

// A page of a filter that matches few runs may be short, even empty, before the last: go on until `limit` runs
// match or the history ends.
async function findFlowRuns(context: CommandContext, filter: FlowRunFilter, limit: number) {
  const flowRuns: FlowRunSummary[] = [];
  const unreadable: UnreadableFlowRun[] = [];
  let cursor: string | undefined;
  do {
    const page = await context.inspector.flowRuns({ ...filter, limit: limit - flowRuns.length, cursor });
    flowRuns.push(...page.flowRuns);
    unreadable.push(...page.unreadable);
    cursor = page.cursor;
  } while (cursor !== undefined && flowRuns.length < limit);
  return { flowRuns, cursor, unreadable };
}
