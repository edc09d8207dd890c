import { errorMessage } from '@flowcache/core/adapters';
import { CommanderError } from 'commander';
import { CliError, EXIT_FAILED, EXIT_OK, EXIT_USAGE } from './CliError';
import { terminalSafe } from './output/terminalSafe';

/**
 * Reports a failure on stderr and returns the exit code: one short line (two with what to check) for the user,
 * the stack trace and causes only with `FLOWCACHE_DEBUG=1`. Commander has already printed its usage errors.
 */
export function reportError(error: unknown, env: Readonly<Record<string, string | undefined>> = process.env): number {
  const debug = env.FLOWCACHE_DEBUG === '1';
  if (error instanceof CommanderError) {
    // --help, `help <command>` and --version end parsing with a CommanderError too, with exit code 0: they succeeded.
    return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
  }
  const message = errorMessage(error);
  process.stderr.write(`flowcache: ${terminalSafe(message)}\n`);
  if (debug) process.stderr.write(`${terminalSafe(describeStack(error))}\n`);
  else if (!(error instanceof CliError))
    process.stderr.write('flowcache: this is unexpected; FLOWCACHE_DEBUG=1 shows the details\n');
  return error instanceof CliError ? error.exitCode : EXIT_FAILED;
}

function describeStack(error: unknown): string {
  const parts: string[] = [];
  // A StorageError's cause holds the SDK's or the file system's own error: often the useful part.
  for (let current = error, depth = 0; current !== undefined && depth < 5; depth++) {
    const text = current instanceof Error ? (current.stack ?? current.message) : String(current);
    parts.push(depth === 0 ? text : `caused by: ${text}`);
    current = current instanceof Error ? current.cause : undefined;
  }
  return parts.join('\n');
}
