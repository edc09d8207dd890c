import { type Command, InvalidArgumentError } from 'commander';
import type { FlowRunFilter } from '@flowcache/core/records';
import { parseTime } from '../options';
import { checkPeriod } from '../shared/checkPeriod';
import { flowRunStateNamed } from '../shared/flowRunState';

/** The filter options of `flowcache runs`, as commander parses them. */
export interface RunsFilterOptions {
  flow?: string;
  state?: 'Completed' | 'Failed';
  since?: Date;
  until?: Date;
  param?: Record<string, string>;
}

/** Adds `--flow`, `--state`, `--since`, `--until` and `--param name=value` (repeatable) to `runs`. */
export function addRunsFilterOptions(command: Command): Command {
  return command
    .option('--flow <name>', 'only runs of the flow of exactly this name (Reports.nightly, or the name given to @Flow)')
    .option('--state <state>', 'only runs that ended in this state: Completed or Failed', parseState)
    .option('--since <time>', 'only runs started since then (7d, 24h, 2026-12-01)', (text: string) => parseTime(text))
    .option('--until <time>', 'only runs started before then (same forms as --since)', (text: string) =>
      parseTime(text),
    )
    .option(
      '--param <name=value>',
      'only runs whose parameter has this value: its text for a string (region=north), else as `flowcache run` ' +
        'shows it (days=3); exact, repeatable',
      parseParameter,
    );
}

/** The core's filter from the options; refuses an inverted period before the storage is opened. */
export function runsFilter(options: RunsFilterOptions): FlowRunFilter {
  checkPeriod(options.since, options.until, 'runs');
  const { flow, state, since, until, param } = options;
  return { flow, state, since, until, parameters: param };
}

/** Whether any filter option was given. */
export function isFiltered(filter: FlowRunFilter): boolean {
  return Object.values(filter).some((value) => value !== undefined);
}

function parseState(text: string): 'Completed' | 'Failed' {
  const state = flowRunStateNamed(text);
  if (state === undefined) throw new InvalidArgumentError('expected Completed or Failed.');
  return state;
}

// A null prototype keeps a parameter named `__proto__` an ordinary entry.
function parseParameter(text: string, previous?: Record<string, string>): Record<string, string> {
  const equals = text.indexOf('=');
  if (equals < 1) throw new InvalidArgumentError('expected name=value (region=north, days=3).');
  const parameters: Record<string, string> = Object.assign(Object.create(null), previous);
  parameters[text.slice(0, equals)] = text.slice(equals + 1);
  return parameters;
}
