import type { Command } from 'commander';
import type { FlowRunSummary } from '@flowcache/core';
import { usageError } from '../CliError';
import { runWithContext, type CommandContext } from '../CommandContext';
import { formatFields, formatTable } from '../output/formatTable';
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
  if (run === undefined) throw usageError(`no flow run "${flowRunId}" in the run history of ${context.location}`);
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
  if (run.taskRuns.length === 0) sections.push('no task runs');
  else {
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
  for (const subflow of run.subflows) sections.push(`subflow:\n${describeFlowRun(subflow, '  ', wide)}`);
  return sections
    .join('\n\n')
    .split('\n')
    .map((line) => (line === '' ? line : indent + line))
    .join('\n');
}
