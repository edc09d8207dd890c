import { execFile } from 'node:child_process';
import { join } from 'node:path';

/** The real executable, as `npm install -g @flowcache/cli` links it; it loads the built `dist/`. */
export const BIN = join(__dirname, '..', '..', 'bin', 'flowcache.js');

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The test's environment minus flowcache's own variables, plus `env`; TZ=UTC fixes the printed times. */
function cliEnvironment(env: Readonly<Record<string, string | undefined>>): Record<string, string | undefined> {
  const childEnv: Record<string, string | undefined> = { ...process.env, TZ: 'UTC' };
  for (const name of Object.keys(childEnv)) if (name.startsWith('FLOWCACHE_')) delete childEnv[name];
  return Object.assign(childEnv, env);
}

/** Which copy of the executable runs, and in which directory (by default, this workspace's, in the test's). */
export interface CliLocation {
  readonly bin?: string;
  readonly cwd?: string;
}

/**
 * Runs `flowcache <args>` in a child process and resolves when it exits (never rejects). Asynchronous on
 * purpose: an in-process s3rver must keep answering while the child runs.
 */
export function runCli(
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>> = {},
  { bin = BIN, cwd }: CliLocation = {},
): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [bin, ...args],
      { env: cliEnvironment(env), cwd, encoding: 'utf8' },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** `runCli` with `--json`, expecting success: the parsed document. */
export async function runCliJson<T = Record<string, unknown>>(
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>> = {},
  location: CliLocation = {},
): Promise<T> {
  const result = await runCli([...args, '--json'], env, location);
  if (result.code !== 0) throw new Error(`flowcache ${args.join(' ')} exited with ${result.code}: ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}

/**
 * Runs `flowcache <args>` on a pseudo-terminal, typing `input`: for what the CLI does only when a person is there
 * to answer. util-linux `script` (in every Debian) provides the terminal. Resolves with the exit code and what
 * the terminal showed (stdout, stderr and the echoed input together, without escape sequences).
 */
export function runCliOnTerminal(args: readonly string[], input: string): Promise<{ code: number; output: string }> {
  const command = [process.execPath, BIN, ...args].map((word) => `'${word.replace(/'/g, `'\\''`)}'`).join(' ');
  return new Promise((resolve) => {
    const child = execFile(
      'script',
      ['--quiet', '--return', '--command', command, '/dev/null'],
      { env: cliEnvironment({}), encoding: 'utf8', timeout: 30_000 },
      (error, stdout) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        resolve({ code, output: stdout.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r\n/g, '\n') });
      },
    );
    child.stdin!.end(input);
  });
}
