import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { helpHint } from './CliError';
import { collect, parseByteCount } from './options';
import { registerLs } from './commands/ls';
import { registerPrune } from './commands/prune';
import { registerRm } from './commands/rm';
import { registerRun } from './commands/run';
import { registerRuns } from './commands/runs';
import { registerShow } from './commands/show';
import { registerStats } from './commands/stats';
import { registerUi } from './commands/ui';
import { terminalSafe } from './output/terminalSafe';
import { reportError } from './reportError';

/** This package's version: `src/` and `dist/` both sit right below the package's root. */
function packageVersion(): string {
  return (JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version: string }).version;
}

/**
 * The `flowcache` commander program with every command. It throws instead of exiting (`exitOverride`), so that
 * `runCli` decides every exit code in one place.
 */
export function buildProgram(): Command {
  const program = new Command('flowcache')
    .description('Inspect and manage what flowcache stored: cached records, flow runs, the web UI.')
    .version(packageVersion())
    .option(
      '--storage <url>',
      'the result storage: file:///abs/path or s3://bucket/prefix ' +
        '(default: $FLOWCACHE_RESULTS_DEFAULT_STORAGE, else ' +
        'file://$FLOWCACHE_HOME/storage, FLOWCACHE_HOME defaulting to ~/.flowcache)',
    )
    .option('--json', 'print one JSON document on stdout, nothing else')
    .option(
      '--max-record-bytes <bytes>',
      'the largest record read whole (show, ui), stored or decompressed ' +
        '(default: $FLOWCACHE_MAX_RECORD_BYTES, else 16777216 = 16 MiB)',
      parseByteCount,
    )
    .option(
      '--allow-serializer <id>',
      'also decode records of this custom serializer, registered by a module preloaded with node --require ' +
        '(repeatable; json and v8 forms are always decoded)',
      collect,
    )
    .showHelpAfterError(helpHint())
    // Commander's own messages quote the arguments given ("unknown command '…'"): those reach the terminal safe too.
    .configureOutput({
      writeOut: (text) => process.stdout.write(terminalSafe(text)),
      writeErr: (text) => process.stderr.write(terminalSafe(text)),
    })
    .exitOverride();
  // Subcommands inherit the settings above when created with .command(), so they are registered after them.
  for (const register of [
    registerLs,
    registerShow,
    registerRuns,
    registerRun,
    registerRm,
    registerPrune,
    registerStats,
    registerUi,
  ]) {
    register(program);
  }
  // A usage error points at the help of the command that was mistyped: `flowcache ls --help` tells about --limit.
  for (const command of program.commands) command.showHelpAfterError(helpHint(command.name()));
  return program;
}

/**
 * Runs the `flowcache` command line (`process.argv` form: node, script, arguments) and resolves to its exit code:
 * 0 done, 1 the storage or the operation failed, 2 bad arguments or an unknown key or flow run.
 */
export async function runCli(argv: readonly string[]): Promise<number> {
  try {
    await buildProgram().parseAsync([...argv]);
    return 0;
  } catch (error) {
    return reportError(error);
  }
}
