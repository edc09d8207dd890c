import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { CacheInspector } from '@flowcache/core/records';
import { FileSystemStorage } from '@flowcache/storage-fs';
import { RUNNING_ENGINES_AFTER_DELETE } from '../src/shared/runningEngines';
import { runCli } from './support/runCli';
import { makeTemporaryDirectory, removeDirectory } from '../../../test/support/temporaryDirectory';

jest.setTimeout(60_000);

const REGISTER = join(__dirname, '..', '..', '..', 'test', 'support', 'registerTypeScript.js');
const ENGINE = join(__dirname, 'support', 'runningEngine.ts');

/** A running engine in another process, asked one command at a time; each answer is the next line it prints. */
class RunningEngine {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly lines: Interface;
  private readonly answers: string[] = [];
  private readonly waiting: ((line: string) => void)[] = [];
  private stderr = '';

  constructor(basePath: string) {
    this.child = spawn(process.execPath, ['-r', REGISTER, ENGINE, basePath]);
    this.child.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.child.on('exit', (code) => {
      for (const waiter of this.waiting.splice(0)) waiter(`exited with ${code}: ${this.stderr}`);
    });
    this.lines = createInterface({ input: this.child.stdout });
    this.lines.on('line', (line) => {
      const waiter = this.waiting.shift();
      if (waiter === undefined) this.answers.push(line);
      else waiter(line);
    });
  }

  ask(command: string): Promise<string> {
    const answer = new Promise<string>((resolve) => {
      const ready = this.answers.shift();
      if (ready === undefined) this.waiting.push(resolve);
      else resolve(ready);
    });
    this.child.stdin.write(`${command}\n`);
    return answer;
  }

  async stop(): Promise<void> {
    this.lines.close();
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.stdin.end(); // its input ends: nothing keeps it alive
    await exited;
  }
}

describe('deleting a record reaches an engine running in another process', () => {
  let directory: string;
  let engine: RunningEngine;
  const storedKeys = async () =>
    (await new CacheInspector(new FileSystemStorage({ basePath: directory })).list()).records.map(
      (record) => record.key,
    );

  beforeEach(async () => {
    directory = await makeTemporaryDirectory('running');
    engine = new RunningEngine(directory);
  });
  afterEach(async () => {
    await engine.stop();
    await removeDirectory(directory);
  });

  it('after flowcache rm --all, its next call past memoryRevalidateMs recomputes and writes it back', async () => {
    expect(await engine.ask('call')).toBe('value acme#1 runs 1');
    expect(await engine.ask('call')).toBe('value acme#1 runs 1'); // from its memory tier
    expect(await storedKeys()).toEqual(['quotes/acme']);

    const removed = await runCli(['rm', '--all', '--yes', '--storage', pathToFileURL(directory).href]);
    expect([removed.code, removed.stderr]).toEqual([0, '']);
    expect(removed.stdout).toMatch(/^deleted quotes\/acme\ndeleted 1 record, \d+ B from file:\/\/\S+\n/);
    expect(removed.stdout.endsWith(`${RUNNING_ENGINES_AFTER_DELETE}\n`)).toBe(true);

    // Within the period (its clock has not moved) the memory copy is still served, as the notice says...
    expect(await engine.ask('call')).toBe('value acme#1 runs 1');
    // ...and once it has passed, the hit checks the record, finds it gone, and runs the body again.
    expect(await engine.ask('advance 1000')).toMatch(/^now \d+$/);
    expect(await engine.ask('call')).toBe('value acme#2 runs 2');
    expect(await storedKeys()).toEqual(['quotes/acme']);
    expect(await engine.ask('call')).toBe('value acme#2 runs 2');
  });

  it('after CacheInspector.invalidate of the key, the same', async () => {
    expect(await engine.ask('call')).toBe('value acme#1 runs 1');
    const inspector = new CacheInspector(new FileSystemStorage({ basePath: directory }));
    expect(await inspector.invalidate({ key: 'quotes/acme' })).toEqual(['quotes/acme']);
    await engine.ask('advance 1000');
    expect(await engine.ask('call')).toBe('value acme#2 runs 2');
    expect(await storedKeys()).toEqual(['quotes/acme']);
  });
});
