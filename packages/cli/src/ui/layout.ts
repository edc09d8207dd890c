import { html, SafeHtml } from './html';
import { flowRunsUrl, recordsUrl, statsUrl, trendsUrl } from './urls';

// Inline, so the page needs nothing else from the server (the CSP allows inline styles and nothing more).
const STYLE = `
body { font: 14px/1.45 system-ui, sans-serif; margin: 0; color: #1d232b; background: #f6f7f9; }
header { background: #1d3557; color: #fff; padding: 10px 24px; display: flex; gap: 24px; align-items: baseline; }
header a { color: #fff; text-decoration: none; } header strong { font-size: 16px; margin-right: 12px; }
main { padding: 16px 24px; max-width: 1280px; }
h1 { font-size: 20px; margin: 8px 0 16px; } h2 { font-size: 16px; margin: 24px 0 8px; }
table { border-collapse: collapse; background: #fff; width: 100%; }
th, td { text-align: left; padding: 6px 10px; border-bottom: 1px solid #e3e6ea; vertical-align: top; }
th { background: #eef1f4; font-weight: 600; }
code, pre, .key { font-family: ui-monospace, monospace; font-size: 13px; overflow-wrap: anywhere; }
pre { background: #fff; border: 1px solid #e3e6ea; padding: 12px; white-space: pre-wrap; word-break: break-all; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; background: #fff; padding: 12px; margin: 0; }
dt { color: #5a6470; } dd { margin: 0; overflow-wrap: anywhere; }
.state { border-radius: 10px; padding: 1px 8px; font-size: 12px; font-weight: 600; background: #e3e6ea; }
.state-Completed, .state-live { background: #d7f0dd; color: #17602a; }
.state-Cached { background: #dbe8fb; color: #1c4f9c; }
.state-Failed, .state-unreadable { background: #fbdcdc; color: #9c1c1c; }
.state-RolledBack, .state-expired { background: #fdf0cf; color: #7a5a00; }
.muted { color: #5a6470; } .notice { background: #d7f0dd; padding: 8px 12px; } \
.problem { background: #fbdcdc; padding: 8px 12px; }
form.filters { display: flex; gap: 12px; align-items: end; margin-bottom: 12px; flex-wrap: wrap; }
form.filters label { display: flex; flex-direction: column; font-size: 12px; color: #5a6470; }
form.filters input.short { width: 6em; } form.filters label.check { align-items: center; }
form.inline { display: inline; margin: 0; }
button.danger { color: #9c1c1c; border: 1px solid #9c1c1c; background: #fff; border-radius: 4px; cursor: pointer; }
nav.pages { margin-top: 12px; display: flex; gap: 16px; }
svg.chart { background: #fff; display: block; max-width: 100%; height: auto; }
svg.chart text { font: 11px system-ui, sans-serif; fill: #5a6470; }
svg.chart .axis line { stroke: #9aa3ad; } svg.chart .axis line.grid { stroke: #eef1f4; }
#timeline .row-label { fill: #1d232b; } #timeline a:hover .row-label { text-decoration: underline; }
#timeline .subflow-row .row-label { font-weight: 600; }
#timeline .subflow-bar { fill-opacity: 0.25; stroke-width: 1.5; }
#timeline .subflow-bar { stroke: currentColor; } #timeline .counted-heading { font-style: italic; }
#timeline .counted-frame { fill: none; stroke: #9aa3ad; stroke-dasharray: 3 2; }
#timeline a:hover rect { stroke: #1d232b; } tr:target { outline: 2px solid #1d3557; background: #fffbe6; }
figure { margin: 0 0 8px; } figcaption { color: #5a6470; margin-top: 4px; }
ul.legend { list-style: none; display: flex; gap: 16px; padding: 0; margin: 6px 0 0; font-size: 12px; }
ul.legend .swatch { display: inline-block; width: 10px; height: 10px; margin-right: 6px; border-radius: 2px; }
p.empty { background: #fff; padding: 24px; text-align: center; color: #5a6470; margin: 0; }
`;
// A constant of this file, not data: the one text inserted without escaping.
const STYLE_SHEET = new SafeHtml(STYLE);

/** A whole document around a page's content. */
export function layout(title: string, content: SafeHtml): SafeHtml {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · flowcache</title>
<style>${STYLE_SHEET}</style>
</head>
<body>
<header><strong>flowcache</strong><a href="${flowRunsUrl()}">Flow runs</a>\
<a href="${recordsUrl()}">Cached results</a><a href="${statsUrl()}">Stats</a>\
<a href="${trendsUrl()}">Trends</a></header>
<main>
${content}
</main>
</body>
</html>
`;
}
