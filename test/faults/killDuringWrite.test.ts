import 'reflect-metadata';
import { existsSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Engine, type TaskRunEvent } from '@flowcache/core';
import { decodeRecord } from '@flowcache/core/records';
import { FileSystemStorage } from '@flowcache/storage-fs';
import { runTypeScript } from '../support/runTypeScript';
import { largeRecord, LargeRecords, SLOTS, type LargeRecord } from './fixtures/largeRecords';
import { RecordingLogger } from '../support/recordingLogger';

const WRITER = path.join(__dirname, 'fixtures', 'writeRecordsUntilKilled.ts');
// Each trial starts a Node process (about 0.5 s); a few run at once. 100 trials in CI, 10 elsewhere;
// FLOWCACHE_FAULT_TRIALS overrides the count.
const TRIALS = Number(process.env.FLOWCACHE_FAULT_TRIALS ?? (process.env.CI === 'true' ? 100 : 10));
const CONCURRENT_TRIALS = 4;
// A random moment within a few rounds of writes (each record is about 1.5 MB).
const MAX_KILL_DELAY_MS = 300;

interface TrialOutcome {
  readonly records: number;
  readonly leftoverTempFiles: number;
}

/** Starts a writer, SIGKILLs it at a random moment, then checks everything left in its directory. */
async function killWriterAndCheck(trial: number): Promise<TrialOutcome> {
  const directory = await fs.mkdtemp(path.join(os.tmpdir(), `flowcache-kill-${trial}-`));
  try {
    const basePath = path.join(directory, 'results');
    const readyFile = path.join(directory, 'ready');
    const exited = runTypeScript(WRITER, [basePath, readyFile]);
    let finished = false;
    void exited.then(() => (finished = true));
    while (!existsSync(readyFile) && !finished) await delay(10);
    if (finished) throw new Error(`the writer exited before it was killed: ${JSON.stringify(await exited)}`);
    await delay(Math.random() * MAX_KILL_DELAY_MS);
    process.kill(Number(await fs.readFile(readyFile, 'utf8')), 'SIGKILL');
    expect((await exited).code).toBeNull(); // killed by the signal, not exited

    // Every record listed decodes whole and holds exactly what the writer computed for its slot and round.
    const storage = new FileSystemStorage({ basePath });
    const { objects } = await storage.list('');
    for (const { key } of objects) {
      const bytes = await storage.get(key);
      if (bytes === undefined) continue; // absent is fine
      const { payload } = decodeRecord(key, bytes);
      const value = JSON.parse(Buffer.from(payload).toString('utf8')) as LargeRecord;
      expect(value).toEqual(largeRecord(value.slot, value.round));
    }

    // An engine reading every slot gets the stored value or a miss, never a crash, and finds nothing corrupt.
    const logger = new RecordingLogger();
    const engine = new Engine({ storage, logger });
    const events: TaskRunEvent[] = [];
    engine.onTaskRun((event) => events.push(event));
    const reader = engine.attach(new LargeRecords());
    for (let slot = 0; slot < SLOTS; slot++) {
      const value = await reader.record(slot, -1);
      expect(value).toEqual(largeRecord(slot, value.round));
    }
    expect(events.map((event) => event.state === 'Cached' || event.cacheMiss?.reason === 'absent')).toEqual(
      Array(SLOTS).fill(true),
    );
    expect(events.filter((event) => event.state === 'Cached').length).toBe(objects.length);
    expect(logger.warnings).toEqual([]);

    // A kill mid-write leaves the writer's temp file; a listing removes it once it is an hour old.
    const leftovers = await tempFiles(basePath);
    const twoHoursAgo = new Date(Date.now() - 2 * 3_600_000);
    await Promise.all(leftovers.map((file) => fs.utimes(file, twoHoursAgo, twoHoursAgo)));
    await storage.list('');
    expect(await tempFiles(basePath)).toEqual([]);
    return { records: objects.length, leftoverTempFiles: leftovers.length };
  } finally {
    await fs.rm(directory, { recursive: true, force: true });
  }
}

async function tempFiles(basePath: string): Promise<string[]> {
  const files = await fs.readdir(basePath, { recursive: true });
  return files.filter((file) => path.basename(file).startsWith('.fc-tmp-')).map((file) => path.join(basePath, file));
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a process SIGKILLed while writing large records to a FileSystemStorage', () => {
  it(`leaves only whole records or none (${TRIALS} trials)`, async () => {
    const outcomes: TrialOutcome[] = [];
    let next = 0;
    const worker = async () => {
      while (next < TRIALS) outcomes.push(await killWriterAndCheck(next++));
    };
    await Promise.all(Array.from({ length: CONCURRENT_TRIALS }, worker));
    expect(outcomes).toHaveLength(TRIALS);
    expect(outcomes.every((outcome) => outcome.records >= 1)).toBe(true);
    const killedMidWrite = outcomes.filter((outcome) => outcome.leftoverTempFiles > 0).length;
    console.log(`${TRIALS} writers killed, ${killedMidWrite} in the middle of a write; no torn record was read`);
  }, 600_000);
});
