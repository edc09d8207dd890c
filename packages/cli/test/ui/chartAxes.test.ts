import { scaleLinear, scaleUtc } from 'd3-scale';
import { bottomAxis, leftAxis } from '../../src/ui/charts/axes';
import { stateColor } from '../../src/ui/charts/stateColors';
import { svgChart } from '../../src/ui/charts/svgChart';

const labels = (markup: string) => [...markup.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((match) => match[1]);

describe('chart axes', () => {
  it('labels a time axis at round UTC times across its domain', () => {
    const scale = scaleUtc()
      .domain([new Date(Date.UTC(2026, 11, 1)), new Date(Date.UTC(2026, 11, 4))])
      .range([0, 600]);
    const markup = bottomAxis(scale, 100, {
      count: 3,
      format: (tick) => new Date(tick).toISOString().slice(5, 10),
    }).markup;
    expect(labels(markup)).toEqual(['12-01', '12-02', '12-03', '12-04']);
    expect(markup).toContain(`translate(${scale(new Date(Date.UTC(2026, 11, 2)))},0)`);
    expect(scale(new Date(Date.UTC(2026, 11, 2)))).toBeCloseTo(200);
  });

  it('labels a value axis with round numbers from zero', () => {
    const markup = leftAxis(scaleLinear().domain([0, 47]).range([200, 0]).nice(), 300, { count: 5 }).markup;
    expect(labels(markup)).toEqual(['0', '10', '20', '30', '40', '50']);
  });

  it('escapes what it is given and draws a state it does not know in grey', () => {
    const frame = { width: 10, height: 10, margin: { top: 0, right: 0, bottom: 0, left: 0 } };
    const markup = svgChart('c', '<script>alert(1)</script>', frame, '<b>').markup;
    expect(markup).not.toContain('<script>');
    expect(markup).not.toContain('<b>');
    expect(stateColor('Cached')).toBe('#3b78d8');
    expect(stateColor('"><script>')).toBe('#8a939d');
  });
});
