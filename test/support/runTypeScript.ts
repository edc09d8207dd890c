import { execFile } from 'node:child_process';
import { join } from 'node:path';

const REGISTER = join(__dirname, 'registerTypeScript.js');

export interface ProcessResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * How the process runs: how long it may take (default 60 s), and under which launcher, a command that runs the
 * rest of its arguments (`setpriv …` to drop privileges).
 */
export interface RunOptions {
  readonly timeoutMs?: number;
  readonly launcher?: readonly string[];
}

/** Runs a TypeScript file of the repository in a new Node process and waits for it to exit. */
export function runTypeScript(
  file: string,
  args: string[] = [],
  env: NodeJS.ProcessEnv = {},
  { timeoutMs = 60_000, launcher = [] }: RunOptions = {},
): Promise<ProcessResult> {
  const [command, ...commandArgs] = [...launcher, process.execPath, '-r', REGISTER, file, ...args];
  return new Promise((resolve) => {
    execFile(command, commandArgs, { env: { ...process.env, ...env }, timeout: timeoutMs }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
      resolve({ code, stdout, stderr });
    });
  });
}
