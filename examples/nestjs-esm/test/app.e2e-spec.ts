import 'reflect-metadata';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { NestFactory } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import { Engine, type TaskRunState } from '@flowcache/nestjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppModule } from '../src/app.module.js';
import { AppService } from '../src/app.service.js';

describe('AppController (e2e)', () => {
  let app: INestApplication;
  let baseUrl: string;
  let cacheDir: string;
  const states: TaskRunState[] = [];

  beforeAll(async () => {
    cacheDir = await mkdtemp(join(tmpdir(), 'flowcache-nestjs-esm-'));
    process.env.FLOWCACHE_DIR = cacheDir;
    app = await NestFactory.create(AppModule, { logger: ['error', 'warn'] });
    app.get(Engine).onTaskRun((event) => states.push(event.state));
    await app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await app?.close();
    delete process.env.FLOWCACHE_DIR;
    await rm(cacheDir, { recursive: true, force: true });
  });

  it('GET /forecasts/:city twice runs the model once', async () => {
    for (let request = 0; request < 2; request++) {
      const response = await fetch(`${baseUrl}/forecasts/Oslo`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ city: 'Oslo', celsius: [4, 5, 6] });
    }
    expect(app.get(AppService).modelRuns).toBe(1);
    expect(states).toEqual(['Completed', 'Cached']);
    expect(await readdir(cacheDir)).not.toEqual([]); // persisted to the files
  });
});
