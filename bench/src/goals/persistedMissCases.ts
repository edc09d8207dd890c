import 'reflect-metadata';
import { mkdtempSync, promises as fsp, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Engine, Task, taskInputHash } from '@flowcache/core';
import { FileSystemStorage } from '@flowcache/storage-fs';
import { type BatchCase, eachAwaited } from '../paired/BatchCase';
import { type Row, makeRows } from './hashingInputs';

const ROWS = makeRows(50);

class Prices {
  runs = 0;

  @Task({ cacheKeyFn: taskInputHash })
  async rowsOf(_batch: number): Promise<readonly Row[]> {
    this.runs++;
    return ROWS;
  }
}

function temporaryDirectory(): string {
  return mkdtempSync(path.join(tmpdir(), 'flowcache-goal-miss-'));
}

/** Goal 3: a persisted miss on file storage, a fresh key per call, `engine.flush()` inside the timing. */
export async function flowcachePersistedMiss(): Promise<BatchCase> {
  const basePath = temporaryDirectory();
  const engine = new Engine({ storage: new FileSystemStorage({ basePath }) });
  const prices = engine.attach(new Prices());
  let calls = 0;
  return {
    run: eachAwaited(async () => {
      await prices.rowsOf(calls++);
      await engine.flush();
    }),
    close: () => {
      rmSync(basePath, { recursive: true, force: true });
      if (prices.runs !== calls) throw new Error(`${calls} calls with fresh keys ran the body ${prices.runs} times`);
      return undefined;
    },
  };
}

/** The floor of goal 3: a `Map` memo and an atomic JSON file write (temp file, then rename) of the same value. */
export async function mapMemoAtomicJsonWrite(): Promise<BatchCase> {
  const directory = temporaryDirectory();
  const memo = new Map<number, readonly Row[]>();
  let calls = 0;
  return {
    run: eachAwaited(async () => {
      const key = calls++;
      memo.set(key, ROWS);
      const target = path.join(directory, `${key}.json`);
      await fsp.writeFile(`${target}.tmp`, JSON.stringify(ROWS));
      await fsp.rename(`${target}.tmp`, target);
    }),
    close: () => {
      rmSync(directory, { recursive: true, force: true });
      return undefined;
    },
  };
}
