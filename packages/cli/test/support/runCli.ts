import { execFile } from 'node:child_process';
import { join } from 'node:path';

/** The real executable, as `npm install -g @flowcache/cli` links it; it loads the built `dist/`. */
export const BIN = join(__dirname, '..', '..', 'bin', 'flowcache.js');

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `flowcache <args>` in a child process and resolves when it exits (never rejects). The environment is the
 * test's minus flowcache's own variables, plus `env`; TZ=UTC fixes the printed times. Asynchronous on purpose:
 * an in-process s3rver must keep answering while the child runs.
 */
export function runCli(args: readonly string[], env: Readonly<Record<string, string | undefined>> = {}): Promise<CliResult> {
  const childEnv: Record<string, string | undefined> = { ...process.env, TZ: 'UTC' };
  for (const name of Object.keys(childEnv)) if (name.startsWith('FLOWCACHE_')) delete childEnv[name];
  Object.assign(childEnv, env);
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: childEnv, encoding: 'utf8' }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
      resolve({ code, stdout, stderr });
    });
  });
}

/** `runCli` with `--json`, expecting success: the parsed document. */
export async function runCliJson<T = Record<string, unknown>>(args: readonly string[], env: Readonly<Record<string, string | undefined>> = {}): Promise<T> {
  const result = await runCli([...args, '--json'], env);
  if (result.code !== 0) throw new Error(`flowcache ${args.join(' ')} exited with ${result.code}: ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}
