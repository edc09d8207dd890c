import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const ROOT = join(__dirname, '..');
const EXAMPLE = join(ROOT, 'examples', 'nestjs-esm');
const TSC = require.resolve('typescript/bin/tsc');
// What `npx vitest` runs, started with the Node of this test run (CI runs the suite on several versions).
const VITEST = join(dirname(require.resolve('vitest/package.json', { paths: [EXAMPLE] })), 'vitest.mjs');

interface VitestReport {
  success: boolean;
  numPassedTests: number;
  numFailedTests: number;
  testResults: { assertionResults: { fullName: string; status: string }[] }[];
}

/**
 * The example shaped like the Nest 12 starter (`"type": "module"`, `nodenext`, vitest) loads the packages as an
 * installed application does: their built `dist`, CommonJS imported from ES modules. So they are built first, the
 * example is type-checked with its own tsconfig, and its vitest suite runs in a process of its own, with the
 * config that has vitest load the workspace's linked packages as it loads those of node_modules.
 */
describe('the NestJS ESM example (vitest)', () => {
  it('type-checks and passes its vitest e2e test: two requests, one run of the body', () => {
    execFileSync(process.execPath, [TSC, '-b', 'packages/core', 'packages/storage-fs', 'packages/nestjs'], {
      cwd: ROOT,
    });
    execFileSync(process.execPath, [TSC, '-p', 'tsconfig.json', '--noEmit'], { cwd: EXAMPLE });

    const vitest = spawnSync(
      process.execPath,
      [VITEST, 'run', '--config', 'vitest.linked.config.ts', '--reporter=json'],
      {
        cwd: EXAMPLE,
        encoding: 'utf8',
      },
    );
    const output = `${vitest.stdout}\n${vitest.stderr}`;
    if (vitest.status !== 0) throw new Error(`vitest run exited with ${vitest.status}:\n${vitest.error ?? output}`);
    const report = JSON.parse(vitest.stdout.slice(vitest.stdout.indexOf('{'))) as VitestReport;
    expect(
      report.testResults.flatMap((file) => file.assertionResults.map((test) => `${test.status}: ${test.fullName}`)),
    ).toEqual(['passed: AppController (e2e) GET /forecasts/:city twice runs the model once']);
    expect(report).toMatchObject({ success: true, numPassedTests: 1, numFailedTests: 0 });
    expect(output).not.toMatch(/\bwarn/i);
  }, 120_000);
});

describe('the README section "ESM projects and vitest"', () => {
  it('shows package.json and tsconfig.json settings that the example has', () => {
    const readme = readFileSync(join(ROOT, 'packages', 'nestjs', 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## ESM projects and vitest'));
    const [packageJson, tsconfig] = [...section.matchAll(/```json\n([\s\S]*?)```/g)].map((match) =>
      JSON.parse(match[1]),
    );
    const exampleFile = (name: string) => JSON.parse(readFileSync(join(EXAMPLE, name), 'utf8'));
    expect(exampleFile('package.json')).toMatchObject(packageJson);
    expect(exampleFile('tsconfig.json')).toMatchObject(tsconfig);
  });
});
