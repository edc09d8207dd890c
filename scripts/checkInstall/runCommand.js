// Runs a command of the install check as a child process, collecting its output instead of streaming it, so that
// checks running side by side print readable blocks. Each runs in a process group of its own, killed whole when it
// hangs or when the check is interrupted.
const { spawn } = require('node:child_process');

/** The process groups of the commands running now, so that an interrupted check leaves none behind. */
const running = new Set();

/** Kills every command still running, with its children (npm's, tsc's). */
function killRunningCommands() {
  for (const pid of running) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // It has exited meanwhile.
    }
  }
}

/** A step of the check that did not do what it should; `output` is what the command printed. */
class CheckFailure extends Error {
  constructor(message, output = '') {
    super(output === '' ? message : `${message}\n${indent(output)}`);
    this.name = 'CheckFailure';
  }
}

function indent(text) {
  return text
    .trimEnd()
    .split('\n')
    .map((line) => `    | ${line}`)
    .join('\n');
}

/**
 * Runs `command args` in `cwd` and resolves with its exit code and its stdout and stderr, interleaved as printed.
 * Never rejects for a non-zero exit code: callers decide what a failure is.
 */
function runCommand(command, args, { cwd, env = process.env, timeoutMs = 180_000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(child.pid);
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      process.kill(-child.pid, 'SIGKILL');
    }, timeoutMs);
    child.once('error', (error) => {
      running.delete(child.pid);
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code, signal) => {
      running.delete(child.pid);
      clearTimeout(timer);
      if (timedOut) output += `\n(killed after ${timeoutMs / 1000} s)`;
      resolve({ code: code ?? 1, signal, output });
    });
  });
}

/** Runs the command and resolves with its output when it exits with 0; otherwise rejects with a `CheckFailure`. */
async function runOrFail(description, command, args, options) {
  const result = await runCommand(command, args, options);
  if (result.code !== 0) throw new CheckFailure(`${description} failed (exit code ${result.code})`, result.output);
  return result.output;
}

module.exports = { CheckFailure, killRunningCommands, runCommand, runOrFail };
