/**
 * The pages `npm run bench -- ui` times, each against the 1 s goal: one line per page, its address with the
 * query a person would send. A new page (trends, a timeline) is one more line here.
 */
export const UI_PAGES: readonly { readonly name: string; readonly path: string }[] = [
  { name: 'flow runs', path: '/' },
  { name: 'records, first page', path: '/records' },
  { name: 'records by size', path: '/records?sort=size' },
  { name: 'records by last use', path: '/records?sort=last-used' },
  { name: 'records by age', path: '/records?sort=age' },
  { name: 'records filtered', path: '/records?task=Reports.build&minSize=10kB&olderThan=7d&status=live' },
  { name: 'stats', path: '/stats' },
  { name: 'stats, last 7 days', path: '/stats?period=7d' },
  { name: 'trends, 7 days by day', path: '/trends' },
  { name: 'trends, 30 days by hour', path: '/trends?period=30d&bucket=hour' },
  { name: 'trends, one task', path: '/trends?task=Reports.build' },
];
