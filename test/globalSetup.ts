import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { GlobalConfig } from 'jest';
import { quietAwsSdkNodeWarning } from './support/quietAwsSdkNodeWarning';

const ROOT = join(__dirname, '..');
const CLI_TESTS = join(ROOT, 'packages', 'cli', 'test');

/**
 * Builds @flowcache/cli (and the packages it references) before the tests that run its real binary, which loads
 * `dist/`. `tsc -b` is incremental: when nothing changed it only compares timestamps. Runs that select no CLI
 * test skip it, so a package that does not compile mid-edit never blocks unrelated tests.
 */
function buildCli(globalConfig: Pick<GlobalConfig, 'testPathPatterns'>): void {
  const patterns = globalConfig.testPathPatterns;
  if (patterns.isSet()) {
    const executor = patterns.toExecutor({ rootDir: ROOT });
    if (!cliTestFiles(CLI_TESTS).some((file) => executor.isMatch(file))) return;
  }
  try {
    execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-b', 'packages/cli'], {
      cwd: ROOT,
      stdio: 'pipe',
    });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: Buffer; stderr?: Buffer };
    throw new Error(`building packages/cli for its tests failed:\n${String(stdout ?? '')}${String(stderr ?? '')}`);
  }
}

/** Runs once in the jest process, before any test worker starts: what it sets in the environment, they inherit. */
export default function globalSetup(globalConfig: Pick<GlobalConfig, 'testPathPatterns'>): void {
  quietAwsSdkNodeWarning();
  buildCli(globalConfig);
}

function cliTestFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return cliTestFiles(path);
    return entry.name.endsWith('.test.ts') ? [path] : [];
  });
}
