import type { Command } from 'commander';
import type { FlowRunSummary, SubflowRunAggregate, TaskRunAggregate } from '@flowcache/core/records';
import { usageError } from '../CliError';
import { runWithContext, type CommandContext } from '../CommandContext';
import { formatTaskCounts } from '../output/flowRunFormat';
import { formatFields, formatTable } from '../output/formatTable';
import { terminalSafeCell } from '../output/terminalSafe';
import { describeDurations, describeMisses, describeMore } from '../shared/countedRuns';
import { formatDuration, formatRelative, formatTime, plural, shortenKey } from '../shared/formatValues';

/** `flowcache run <flowRunId>`: one flow run with its task runs and subflows. */
export function registerRun(program: Command): void {
  program
    .command('run')
    .description('show one flow run (or subflow run) with its task runs and subflows')
    .argument('<flowRunId>', 'the id `runs` shows')
    .option('--wide', 'show cache keys whole instead of shortened')
    .action((flowRunId: string, options: { wide?: boolean }, command: Command) =>
      runWithContext(command, (context) => showFlowRun(context, flowRunId, options.wide ?? false)),
    );
}

async function showFlowRun(context: CommandContext, flowRunId: string, wide: boolean): Promise<void> {
  const run = await context.inspector.flowRun(flowRunId);
  if (run === undefined)
    throw usageError(`no flow run "${terminalSafeCell(flowRunId)}" in the run history of ${context.location}`);
  if (context.json) {
    context.printJson({ storage: context.location, flowRun: run });
    return;
  }
  context.print(describeFlowRun(run, '', wide));
}

function describeFlowRun(run: FlowRunSummary, indent: string, wide: boolean): string {
  const parameters = Object.entries(run.parameters).map(([name, preview]) => `${name}=${preview}`);
  const fields: [string, string][] = [
    ['flow run', run.flowRunId],
    ['flow', run.flowName],
    ['state', run.state],
    ['started', `${formatTime(run.startedAt)} (${formatRelative(run.startedAt)})`],
    ['duration', `${formatDuration(run.durationMs)}, ${plural(run.attempts, 'attempt')}`],
    ['parameters', parameters.length === 0 ? '-' : parameters.join(' ')],
  ];
  if (run.error !== null) fields.push(['error', run.error]);
  const sections = [formatFields(fields)];
  if (run.taskRuns.length === 0 && run.moreTaskRuns.length === 0) sections.push('no task runs');
  else if (run.taskRuns.length > 0) {
    const rows = run.taskRuns.map((task) => [
      task.taskName,
      task.state,
      task.cacheKey === null ? '-' : wide ? task.cacheKey : shortenKey(task.cacheKey),
      formatDuration(task.durationMs),
      String(task.attempts),
      task.error ?? (task.cacheMiss === null ? '' : `miss: ${task.cacheMiss}`),
    ]);
    sections.push(formatTable(['task', 'state', 'cache key', 'duration', 'attempts', 'note'], rows));
  }
  if (run.moreTaskRuns.length > 0) sections.push(describeMoreTaskRuns(run.moreTaskRuns));
  for (const subflow of run.subflows) sections.push(`subflow:\n${describeFlowRun(subflow, '  ', wide)}`);
  if (run.moreSubflows.length > 0) sections.push(describeMoreSubflows(run.moreSubflows));
  return sections
    .join('\n\n')
    .split('\n')
    .map((line) => (line === '' ? line : indent + line))
    .join('\n');
}

// Per task: `Reports.price: and 998 000 more: 997 990 Cached, 10 Completed; misses: 10 absent; 1.2 s in all, ...`.
function describeMoreTaskRuns(tasks: readonly TaskRunAggregate[]): string {
  const lines = tasks.map((task) => {
    const misses = describeMisses(task);
    const missesPart = misses === '' ? '' : `; misses: ${misses}`;
    const line = `${task.taskName}: ${describeMore(task.count, task.states)}${missesPart}; ${describeDurations(task)}`;
    // Names, states and miss reasons are read from the stored history: one line each, whatever they contain.
    return `  ${terminalSafeCell(line)}`;
  });
  return ['task runs counted, not kept in detail (setting runHistoryDetail):', ...lines].join('\n');
}

// Per flow: `Reports.region: and 3 more: 3 Completed; task runs: 2 Completed, 1 Cached; 12 ms in all, ...`.
function describeMoreSubflows(flows: readonly SubflowRunAggregate[]): string {
  const lines = flows.map((flow) => {
    const runs = describeMore(flow.count, flow.states);
    const taskRuns = formatTaskCounts(flow.taskRunStates);
    const line = `${flow.flowName}: ${runs}; task runs: ${taskRuns}; ${describeDurations(flow)}`;
    return `  ${terminalSafeCell(line)}`;
  });
  return ['subflow runs counted, not kept in detail (setting runHistoryDetail):', ...lines].join('\n');
}
