import type { FlowRunSummary } from '@flowcache/core/records';
import { formatCount } from '../../shared/countedRuns';
import { countsInOrder, countSubflows, countTaskRuns } from '../../shared/countTaskRuns';
import { plural } from '../../shared/formatValues';
import { html, type SafeHtml } from '../html';

/**
 * "2 Completed 1 Cached · 1 subflow" as badges: a run's task runs, its subflows' included, counted and ordered
 * as `flowcache runs` does.
 */
export function taskRunCounts(run: FlowRunSummary): SafeHtml {
  const parts = countsInOrder(countTaskRuns(run)).map(
    ([state, count]) => html`<span class="state state-${state}">${formatCount(count)} ${state}</span> `,
  );
  const subflowCount = countSubflows(run);
  const subflows = subflowCount > 0 && html`<span class="muted">${plural(subflowCount, 'subflow')}</span>`;
  return parts.length === 0 && subflows === false ? html`<span class="muted">none</span>` : html`${parts}${subflows}`;
}
