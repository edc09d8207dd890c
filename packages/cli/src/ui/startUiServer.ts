import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CacheInspector } from '@flowcache/core/records';
import { handleRequest } from './handleRequest';
import { HostCheck } from './HostCheck';
import type { UiContext } from './UiContext';

export interface UiServerOptions {
  readonly inspector: CacheInspector;
  /** 0 picks a free port; `url` tells which. */
  readonly port: number;
  /** The address to listen on; `127.0.0.1` keeps the UI to this machine. */
  readonly host: string;
  /** Host names besides the address listened on (and `localhost`) that requests may name (`--allowed-host`). */
  readonly allowedHosts?: readonly string[];
  /** Show invalidate buttons and accept their posts; without it the UI only reads. */
  readonly allowDelete: boolean;
  /** What the pages take as now (expiry, the stats page's period); default `Date.now`. */
  readonly now?: () => number;
}

export interface UiServer {
  /** Where the UI answers, with the real port: `http://127.0.0.1:4567/`. */
  readonly url: string;
  /** Whether other machines can reach the UI: it listens on a wildcard or a non-loopback address. */
  readonly reachableFromNetwork: boolean;
  /** Stops listening and ends open connections. */
  close(): Promise<void>;
}

/** Serves the web UI of `flowcache ui`: server-rendered pages over the inspector, with node:http only. */
export async function startUiServer(options: UiServerOptions): Promise<UiServer> {
  const { inspector, port, host, allowDelete, allowedHosts = [], now = Date.now } = options;
  // Requests are answered only once listening tells the real address and port the host check needs.
  let context: UiContext | undefined;
  const server = createServer((request, response) => {
    if (context !== undefined) void handleRequest(context, request, response);
    else response.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port: actualPort, address } = server.address() as AddressInfo;
  const hostCheck = new HostCheck({ host, boundAddress: address, port: actualPort, allowedHosts });
  context = {
    inspector,
    allowDelete,
    formToken: randomBytes(32).toString('base64url'),
    noticeSecret: randomBytes(32).toString('base64url'),
    hostCheck,
    now,
  };
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${actualPort}/`,
    reachableFromNetwork: hostCheck.reachableFromNetwork,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error === undefined ? resolve() : reject(error)));
        server.closeAllConnections();
      }),
  };
}
