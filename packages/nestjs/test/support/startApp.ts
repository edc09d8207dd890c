import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

/** A Nest application serving HTTP on 127.0.0.1 (a free port), with `get` making real requests to it. */
export interface RunningApp {
  readonly app: INestApplication;
  readonly baseUrl: string;
  /** GETs `path` and returns the status and the body as text. */
  get(path: string): Promise<{ status: number; body: string }>;
  close(): Promise<void>;
}

/**
 * Creates the application of `module` on the Express platform, without listening. `abortOnError: false`: an error
 * while creating providers rejects instead of aborting the test process, Nest's default.
 */
export function createApp(module: unknown): Promise<INestApplication> {
  return NestFactory.create(module as never, { logger: false, abortOnError: false });
}

/** Creates the application of `module` on the Express platform and listens. */
export async function startApp(module: unknown): Promise<RunningApp> {
  const app = await createApp(module);
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    app,
    baseUrl,
    async get(path) {
      const response = await fetch(`${baseUrl}${path}`);
      return { status: response.status, body: await response.text() };
    },
    close: () => app.close(),
  };
}
