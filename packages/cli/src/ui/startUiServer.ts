import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CacheInspector } from '@flowcache/core';
import { handleRequest } from './handleRequest';
import { isLoopbackName } from './requestGuards';
import type { UiContext } from './UiContext';

export interface UiServerOptions {
  readonly inspector: CacheInspector;
  /** 0 picks a free port; `url` tells which. */
  readonly port: number;
  /** The address to listen on; `127.0.0.1` keeps the UI to this machine. */
  readonly host: string;
  /** Show invalidate buttons and accept their posts; without it the UI only reads. */
  readonly allowDelete: boolean;
}

export interface UiServer {
  /** Where the UI answers, with the real port: `http://127.0.0.1:4567/`. */
  readonly url: string;
  /** Stops listening and ends open connections. */
  close(): Promise<void>;
}

/** Serves the web UI of `flowcache ui`: server-rendered pages over the inspector, with node:http only. */
export async function startUiServer(options: UiServerOptions): Promise<UiServer> {
  const { inspector, port, host, allowDelete } = options;
  const context: UiContext = {
    inspector,
    allowDelete,
    formToken: randomBytes(32).toString('base64url'),
    noticeSecret: randomBytes(32).toString('base64url'),
    loopbackOnly: isLoopbackName(host),
    now: Date.now,
  };
  const server = createServer((request, response) => void handleRequest(context, request, response));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port: actualPort } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${actualPort}/`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error === undefined ? resolve() : reject(error)));
        server.closeAllConnections();
      }),
  };
}
