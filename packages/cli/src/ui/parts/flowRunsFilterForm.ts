import { html, type SafeHtml } from '../html';
import { flowRunsUrl, type FlowRunsQuery } from '../urls';

/**
 * The GET filter form of the flow runs list, showing the query as typed; the flow field suggests the flow names
 * seen on the page (a datalist: no script).
 */
export function flowRunsFilterForm(query: FlowRunsQuery, flowNames: readonly string[]): SafeHtml {
  const state = query.state?.toLowerCase();
  const option = (value: string, label: string) =>
    html`<option value="${value}"${(state ?? '') === value.toLowerCase() && html` selected`}>${label}</option>`;
  return html`<form class="filters" id="flow-run-filters" method="get" action="${flowRunsUrl()}">
<label>Flow<input name="flow" value="${query.flow ?? ''}" placeholder="Reports.nightly" list="flow-names"></label>
<datalist id="flow-names">${[...new Set(flowNames)].map((name) => html`<option value="${name}"></option>`)}</datalist>
<label>State<select name="state">${option('', 'any')}${option('Completed', 'Completed')}\
${option('Failed', 'Failed')}</select></label>
<label>Since<input name="since" value="${query.since ?? ''}" placeholder="7d, 24h, 2026-12-01"></label>
<label>Until<input name="until" value="${query.until ?? ''}" placeholder="1d, 2026-12-07T08:00"></label>
<label>Parameter<input name="param" value="${query.param ?? ''}" placeholder="region=north"></label>
<button type="submit">Filter</button>
</form>`;
}
