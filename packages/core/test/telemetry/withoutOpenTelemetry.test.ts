import { join } from 'node:path';
import { runTypeScript } from '../../../../test/support/runTypeScript';

const FIXTURE = join(__dirname, 'fixtures', 'loadCore.ts');

async function run(...args: string[]): Promise<Record<string, unknown>> {
  const { code, stdout, stderr } = await runTypeScript(FIXTURE, args);
  expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  return JSON.parse(stdout) as Record<string, unknown>;
}

describe('@flowcache/core without @opentelemetry/api', () => {
  it('loads and caches as usual, silently, when the package is not installed', async () => {
    expect(await run('hide')).toEqual({
      afterLoad: false,
      afterEngineWithTelemetryOff: false,
      results: [6, 6, 6],
      bodyRuns: 1,
      afterEngineWithTelemetryOn: false,
      warnings: [],
    });
  });

  it('loads it only when an engine with telemetry on is made, when it is installed', async () => {
    expect(await run()).toMatchObject({
      afterLoad: false,
      afterEngineWithTelemetryOff: false,
      afterEngineWithTelemetryOn: true,
      bodyRuns: 1,
      warnings: [],
    });
  });
});
