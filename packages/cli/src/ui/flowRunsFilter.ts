import type { FlowRunFilter } from '@flowcache/core/records';
import { errorMessage } from '@flowcache/core/adapters';
import { parseTime } from '../options';
import { flowRunStateNamed } from '../shared/flowRunState';
import { formatTime } from '../shared/formatValues';
import { FormError } from './readForm';
import type { FlowRunsQuery } from './urls';

/**
 * The inspector's filter for the flow runs list's query, with times read as `flowcache runs --since` reads them
 * (relative to `now`). A field it cannot read is a 400 naming the field and what it accepts, never ignored: a
 * list quietly unfiltered would pass for a filtered one.
 */
export function flowRunsFilter(query: FlowRunsQuery, now: number): FlowRunFilter {
  const since = time(query, 'since', now);
  const until = time(query, 'until', now);
  if (since !== undefined && until !== undefined && since.getTime() >= until.getTime()) {
    throw badField(
      'since',
      `a time before "until" (${formatTime(until.toISOString())}); ` +
        'with "how long ago" forms, "since" takes the longer one (since 7d, until 1d)',
      query.since!,
    );
  }
  return { flow: query.flow, state: state(query.state), since, until, parameters: parameter(query.param) };
}

function state(text: string | undefined): FlowRunFilter['state'] {
  if (text === undefined) return undefined;
  const known = flowRunStateNamed(text);
  if (known === undefined) throw badField('state', 'Completed or Failed (or nothing, for both)', text);
  return known;
}

function time(query: FlowRunsQuery, field: 'since' | 'until', now: number): Date | undefined {
  const text = query[field];
  if (text === undefined) return undefined;
  try {
    return parseTime(text, now);
  } catch (error) {
    throw badField(
      field,
      errorMessage(error)
        .replace(/^expected /, '')
        .replace(/\.$/, ''),
      text,
    );
  }
}

// A null prototype keeps a parameter named `__proto__` an ordinary entry.
function parameter(text: string | undefined): Record<string, string> | undefined {
  if (text === undefined) return undefined;
  const equals = text.indexOf('=');
  if (equals < 1) throw badField('param', 'name=value (region=north, days=3)', text);
  const parameters: Record<string, string> = Object.create(null);
  parameters[text.slice(0, equals).trim()] = text.slice(equals + 1).trim();
  return parameters;
}

function badField(field: string, accepts: string, got: string): FormError {
  return new FormError(400, `The filter field "${field}" accepts ${accepts}; got "${got}".`);
}
