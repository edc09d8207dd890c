import type { Command } from 'commander';
import { errorMessage } from '@flowcache/core/adapters';
import { CliError, EXIT_FAILED } from '../CliError';
import { runWithContext, type CommandContext } from '../CommandContext';
import { parseAllowedHost, parsePort } from '../options';
import { startUiServer } from '../ui/startUiServer';

interface UiOptions {
  port: number;
  host: string;
  allowDelete?: boolean;
  allowedHost: string[];
}

/** `flowcache ui`: serves the web UI until SIGINT or SIGTERM. */
export function registerUi(program: Command): void {
  program
    .command('ui')
    .description('serve the web UI on the storage until Ctrl+C')
    .option('--port <port>', 'port to listen on (0: any free port)', parsePort, 4200)
    .option('--host <host>', 'address to listen on; the default keeps the UI on this machine', '127.0.0.1')
    .option(
      '--allowed-host <name>',
      "a host name the UI may be reached by besides its address and localhost (a LAN name, a proxy's); repeatable",
      parseAllowedHost,
      [],
    )
    .option('--allow-delete', 'let the UI delete records (read-only without it)')
    .action((options: UiOptions, command: Command) => runWithContext(command, (context) => serveUi(context, options)));
}

async function serveUi(context: CommandContext, options: UiOptions): Promise<void> {
  let server: Awaited<ReturnType<typeof startUiServer>>;
  try {
    server = await startUiServer({
      inspector: context.inspector,
      port: options.port,
      host: options.host,
      allowDelete: options.allowDelete ?? false,
      allowedHosts: options.allowedHost,
    });
  } catch (error) {
    // Listening failed (port taken, address not local): nothing to do with the storage.
    throw new CliError(listenFailure(error, options), EXIT_FAILED, { cause: error });
  }
  // Listening for the signals before printing the URL: whoever waits for the URL may stop the UI right after.
  const stopped = stopSignal();
  if (context.json)
    context.printJson({ url: server.url, storage: context.location, allowDelete: options.allowDelete ?? false });
  else {
    context.print(server.url);
    context.note(
      `serving ${context.location}${options.allowDelete ? ' (deleting allowed)' : ' read-only'}; Ctrl+C stops`,
    );
  }
  if (server.reachableFromNetwork && options.allowedHost.length === 0) context.note(networkWarning(options));
  await stopped;
  await server.close();
}

/** Said when the UI listens where other machines reach it: it has no login. */
function networkWarning({ host, allowDelete }: UiOptions): string {
  const what = allowDelete ? 'read every cached value and delete records' : 'read every cached value';
  return (
    `warning: the UI listens on ${host}, so anyone on the network ` +
    `who can reach this port can ${what} (there is no login); ` +
    'keep it on this machine with --host 127.0.0.1 and an SSH tunnel, ' +
    'or name the host names it is reached by with --allowed-host'
  );
}

/** Why the UI cannot listen, with what to do when that is clear (a taken port is the usual case). */
function listenFailure(error: unknown, { host, port }: UiOptions): string {
  if ((error as { code?: string }).code === 'EADDRINUSE') {
    return `cannot serve the UI: port ${port} on ${host} is taken; pick another --port (or --port 0 for any free port)`;
  }
  return `cannot serve the UI on ${host}:${port}: ${errorMessage(error)}`;
}

/** Resolves at the first SIGINT or SIGTERM, which then no longer end the process abruptly. */
function stopSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
