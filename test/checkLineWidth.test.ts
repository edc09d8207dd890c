import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/* eslint-disable @typescript-eslint/no-require-imports */
const { lineWidthOf, longLines } = require('../scripts/checkLineWidth.js') as {
  lineWidthOf: (biomeConfig: string) => number;
  longLines: (text: string, width: number) => Array<{ line: number; columns: number }>;
};
/* eslint-enable @typescript-eslint/no-require-imports */

const SCRIPT = join(__dirname, '..', 'scripts', 'checkLineWidth.js');

describe('the line width check of npm run lint', () => {
  let directory: string;
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'flowcache-line-width-'));
  });
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  it('fails on a file with a line over biome.jsonc lineWidth, naming file, line and columns', () => {
    const file = join(directory, 'long.ts');
    writeFileSync(file, `const fits = 1;\nconst long = '${'x'.repeat(120)}';\n`);
    const run = spawnSync(process.execPath, [SCRIPT, file], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`${file}:2: 136 columns\n`);
    expect(run.stderr).toContain('1 line(s) wider than 120 columns (biome.jsonc formatter.lineWidth)');
  });

  it('passes a file whose lines are exactly the width, counting characters rather than bytes', () => {
    const file = join(directory, 'fits.ts');
    writeFileSync(file, `${'x'.repeat(120)}\n${'é'.repeat(120)}\n`);
    expect(spawnSync(process.execPath, [SCRIPT, file], { encoding: 'utf8' })).toMatchObject({ status: 0, stderr: '' });
    expect(longLines(`${'≤'.repeat(121)}\nok`, 120)).toEqual([{ line: 1, columns: 121 }]);
  });

  it('reads formatter.lineWidth from JSONC, comments and URLs in strings included', () => {
    const config =
      '{\n  // a comment\n  "$schema": "https://x/y", /* more */\n  "formatter": { "lineWidth": 100, },\n}';
    expect(lineWidthOf(config)).toBe(100);
    expect(() => lineWidthOf('{ "formatter": {} }')).toThrow(/formatter\.lineWidth/);
  });
});
