import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * What the proxy does with one request: pass it on, answer 503 SlowDown itself, drop the connection, or never
 * answer at all (a server that accepted the connection and hangs).
 */
export type FaultAction = 'forward' | 'slow-down' | 'reset' | 'hang';

export interface FaultProxyOptions {
  /** Where requests go when forwarded: `http://127.0.0.1:port`. */
  readonly target: string;
  /** Waited before each request is handled, whatever happens to it. */
  readonly latencyMs: number;
  /**
   * Decides each request by its method and path and how many requests of the same client with the same method
   * and path came before (`attempt`, from 1): a schedule that does not depend on how concurrent requests
   * interleave. Clients are told apart by their `user-agent` (set an S3Client's `customUserAgent`).
   */
  readonly decide: (request: { method: string; path: string; attempt: number }) => FaultAction;
}

/**
 * An HTTP proxy in front of an S3 server that injects latency and failures the way a struggling S3 endpoint
 * does: 503 SlowDown answers (with S3's XML error body) and connections reset before any answer. It counts what
 * it did, so a test can tell requests that reached the server from those it failed.
 */
export class FaultProxy {
  readonly counts: Record<FaultAction, number> = { forward: 0, 'slow-down': 0, reset: 0, hang: 0 };
  private readonly attempts = new Map<string, number>();

  private constructor(
    private readonly server: Server,
    private readonly options: FaultProxyOptions,
  ) {}

  static async start(options: FaultProxyOptions): Promise<FaultProxy> {
    const server = createServer();
    const proxy = new FaultProxy(server, options);
    server.on(
      'request',
      (incoming: IncomingMessage, outgoing: ServerResponse) => void proxy.handle(incoming, outgoing),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get endpoint(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> {
    const method = incoming.method ?? 'GET';
    const path = incoming.url ?? '/';
    const id = `${incoming.headers['user-agent'] ?? ''} ${method} ${path}`;
    const attempt = (this.attempts.get(id) ?? 0) + 1;
    this.attempts.set(id, attempt);
    const action = this.options.decide({ method, path, attempt });
    this.counts[action]++;
    await sleep(this.options.latencyMs);
    if (action === 'hang') {
      incoming.resume(); // takes the request, never answers; close() ends the connection
    } else if (action === 'reset') {
      incoming.socket.destroy();
    } else if (action === 'slow-down') {
      incoming.resume(); // read the body, as a server does before answering
      outgoing.writeHead(503, { 'content-type': 'application/xml' });
      outgoing.end(
        '<?xml version="1.0" encoding="UTF-8"?><Error><Code>SlowDown</Code><Message>Please ' +
          'reduce your request rate.</Message></Error>',
      );
    } else {
      this.forward(incoming, outgoing);
    }
  }

  private forward(incoming: IncomingMessage, outgoing: ServerResponse): void {
    const upstream = request(
      new URL(incoming.url ?? '/', this.options.target),
      { method: incoming.method, headers: incoming.headers },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    upstream.on('error', () => incoming.socket.destroy());
    incoming.pipe(upstream);
  }
}
