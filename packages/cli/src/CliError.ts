/** Exit codes of the `flowcache` command, documented in the README. */
export const EXIT_OK = 0;
/** The storage could not be reached, or an operation on it failed. */
export const EXIT_FAILED = 1;
/** Bad arguments, or a key or flow run that does not exist. */
export const EXIT_USAGE = 2;

/**
 * An error the CLI reports as one short message on stderr (no stack trace) and turns into an exit code.
 * Commands throw it for anything the user can fix: a bad argument, an unknown key, an unreachable storage.
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'CliError';
  }
}

/**
 * A `CliError` for bad arguments and unknown keys or runs (exit code 2). `command` names the subcommand whose
 * arguments were wrong: the message then ends like commander's own usage errors, pointing at its help.
 */
export function usageError(message: string, command?: string): CliError {
  return new CliError(command === undefined ? message : `${message}\n${helpHint(command)}`, EXIT_USAGE);
}

/** `(flowcache ls --help shows the usage)`: where to read how a command is used. */
export function helpHint(command?: string): string {
  return `(flowcache ${command === undefined ? '' : `${command} `}--help shows the usage)`;
}
