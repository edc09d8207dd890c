import { tableRows, textOf } from './htmlTable';

/** Reads the trends and stats pages as sent, without a browser: captions, bars, points, totals. */

/** The text of the element with this id (a caption, an empty-chart note). */
export function textById(page: string, id: string): string | undefined {
  const match = new RegExp(`<(\\w+)[^>]* id="${id}"[^>]*>([\\s\\S]*?)</\\1>`).exec(page);
  return match === null ? undefined : textOf(match[2]);
}

export interface ChartMark {
  readonly series: string;
  readonly bucket: string;
  readonly value: number;
  readonly title: string;
}

/** The bars and points of one chart, by its id: their series (state), bucket, value and tooltip. */
export function marksOf(page: string, chartId: string): ChartMark[] {
  const chart = new RegExp(`<svg[^>]* id="${chartId}"[\\s\\S]*?</svg>`).exec(page)?.[0] ?? '';
  return [...chart.matchAll(/<(rect|circle) class="(?:bar|point)"([^>]*)><title>([^<]*)<\/title>/g)].map(
    ([, , attributes, title]) => {
      const attribute = (name: string) => new RegExp(`data-${name}="([^"]*)"`).exec(attributes)?.[1] ?? '';
      return {
        series: attribute('state') || attribute('series'),
        bucket: attribute('bucket') || attribute('time'),
        value: Number(attribute('value')),
        title: textOf(title),
      };
    },
  );
}

/** The totals of the stats page, label to text. */
export function statsTotals(page: string): Record<string, string> {
  return Object.fromEntries(
    [...(/<dl id="totals">([\s\S]*?)<\/dl>/.exec(page)?.[1] ?? '').matchAll(/<dt>(.*?)<\/dt><dd>(.*?)<\/dd>/g)].map(
      ([, label, value]) => [label, textOf(value)],
    ),
  );
}

/** The stats page's row of one task: calls, hit ratio, compute time spent and saved, records, size. */
export function statsRow(page: string, task: string): string[] | undefined {
  return tableRows(page, 'task-stats')
    .find((cells) => cells[0] === task)
    ?.slice(1);
}
