import 'reflect-metadata';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Engine, Task, taskInputHash } from '@flowcache/core';
import { FileSystemStorage } from '@flowcache/storage-fs';
import { type BatchCase, eachAwaited, eachSync } from '../paired/BatchCase';
import { type Row, makeRows } from './hashingInputs';

// Results are written here so that no read is dead code.
// biome-ignore lint/correctness/noUnusedVariables: written only, on purpose
let sink: unknown;

class Report {
  runs = 0;
  constructor(private readonly rows: readonly Row[]) {}

  @Task({ cacheKeyFn: taskInputHash })
  async rowsOfDay(_day: string): Promise<readonly Row[]> {
    this.runs++;
    return this.rows;
  }
}

function temporaryDirectory(): string {
  return mkdtempSync(path.join(tmpdir(), 'flowcache-goal-cold-'));
}

/** Goal 4: a file hit with default settings, the memory tier cleared before each call (a cold hit). */
async function coldFileHit(rowCount: number): Promise<BatchCase> {
  const basePath = temporaryDirectory();
  const storage = new FileSystemStorage({ basePath });
  const rows = makeRows(rowCount);
  const day = '2026-11-26';
  const writer = new Engine({ storage });
  await writer.attach(new Report(rows)).rowsOfDay(day);
  await writer.flush();
  const engine = new Engine({ storage });
  const report = engine.attach(new Report(rows));
  return {
    run: eachAwaited(async () => {
      engine.results.clear();
      sink = await report.rowsOfDay(day);
    }),
    close: () => {
      rmSync(basePath, { recursive: true, force: true });
      if (report.runs !== 0) throw new Error(`the cold hits ran the body ${report.runs} times`);
      return undefined;
    },
  };
}

/** The floor of goal 4: `fs.readFileSync` + `JSON.parse` of the same rows. */
async function readFileAndParse(rowCount: number): Promise<BatchCase> {
  const directory = temporaryDirectory();
  const file = path.join(directory, 'rows.json');
  writeFileSync(file, JSON.stringify(makeRows(rowCount)));
  return {
    run: eachSync(() => {
      sink = JSON.parse(readFileSync(file, 'utf8'));
    }),
    close: () => {
      rmSync(directory, { recursive: true, force: true });
      return undefined;
    },
  };
}

export const coldFileHit50Rows = () => coldFileHit(50);
export const readFileAndParse50Rows = () => readFileAndParse(50);
export const coldFileHit10000Rows = () => coldFileHit(10_000);
export const readFileAndParse10000Rows = () => readFileAndParse(10_000);
