import 'reflect-metadata';
import { pathToFileURL } from 'node:url';
import { Engine, Flow, Task } from '@flowcache/core';
import { FileSystemStorage } from '@flowcache/storage-fs';
import { runCli, runCliJson, type CliResult } from './support/runCli';
import { makeTemporaryDirectory, removeDirectory } from '../../../test/support/temporaryDirectory';

// Each test runs the CLI as a child process a few times: about half a second each on a busy machine.
jest.setTimeout(60_000);

/**
 * What a writer to a shared store can put in a task name, an error message or a value: colour (CSI), a window
 * title (OSC ended by BEL), an 8-bit CSI, a carriage return that rewrites the line, and a right-to-left override.
 */
const HOSTILE = 'a\x1b[31mred\x1b]0;title\x07b\u009bc\rd\u202ee';
const HOSTILE_TASK = `Evil.keep ${HOSTILE}`;
/** Every raw character a terminal acts on, but the newline. */
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

class Hostile {
  @Task({ name: HOSTILE_TASK, cacheKeyFn: () => 'hostile/value', resultSerializer: 'v8' })
  async keep(): Promise<{ text: string; error: Error }> {
    return { text: HOSTILE, error: new Error(HOSTILE) };
  }

  @Task({ cacheKeyFn: () => 'hostile/failure' })
  async fail(): Promise<number> {
    throw new Error(HOSTILE);
  }

  @Flow()
  async nightly(note: string): Promise<number> {
    await this.keep();
    return this.fail();
  }
}

/** The output as the terminal receives it: asserts that nothing in it would act on the terminal. */
function expectTerminalSafe({ stdout, stderr }: CliResult): string {
  const output = stdout + stderr;
  expect(output).not.toMatch(RAW_CONTROL);
  return output;
}

describe('what the CLI writes on a terminal', () => {
  let directory: string;
  let url: string;
  let flowRunId: string;

  beforeAll(async () => {
    directory = await makeTemporaryDirectory('cli-terminal');
    url = pathToFileURL(directory).href;
    const engine = new Engine({
      storage: new FileSystemStorage({ basePath: directory }),
      logger: { warn: () => undefined },
    });
    await expect(engine.attach(new Hostile()).nightly(HOSTILE)).rejects.toThrow('red');
    await engine.flush();
    flowRunId = (await runCliJson<{ flowRuns: { flowRunId: string }[] }>(['runs', '--storage', url])).flowRuns[0]
      .flowRunId;
  });
  afterAll(() => removeDirectory(directory));

  it('spells out control and bidi characters of task names in ls and stats, keeping one row per record', async () => {
    for (const args of [['ls'], ['ls', '--wide'], ['stats']]) {
      const result = await runCli([...args, '--storage', url]);
      expect(result.code).toBe(0);
      const output = expectTerminalSafe(result);
      expect(output).toContain('Evil.keep a\\x1b[31mred\\x1b]0;title\\x07b\\u009bc\\rd\\u202ee');
    }
    const ls = await runCli(['ls', '--storage', url]);
    expect(ls.stdout.split('\n').filter((line) => line.startsWith('hostile/'))).toHaveLength(1);
  });

  it("spells them out in show's fields and preview, an Error's stack included", async () => {
    const result = await runCli(['show', 'hostile/value', '--storage', url]);
    expect(result.code).toBe(0);
    const output = expectTerminalSafe(result);
    expect(output).toContain('\\x1b]0;title\\x07');
    expect(output).toContain('\\u202e');
    // The stack of the stored Error is the part of the preview
    // util.inspect does not escape: it starts with the message.
    expect(output).toMatch(/Error: a\\x1b\[31mred\\x1b\]0;title\\x07b\\u009bc\\rd\\u202ee\\n/);
  });

  it('spells them out in runs and run (parameters, task errors, flow error)', async () => {
    expectTerminalSafe(await runCli(['runs', '--storage', url]));
    const result = await runCli(['run', flowRunId, '--storage', url]);
    expect(result.code).toBe(0);
    const output = expectTerminalSafe(result);
    expect(output).toContain('error       a\\x1b[31mred\\x1b]0;title\\x07b\\u009bc\\rd\\u202ee');
  });

  it('spells them out in error messages, its own and those of its argument parser', async () => {
    const unknownKey = await runCli(['show', `none/${'\u202e'}x`, '--storage', url]);
    expect(unknownKey.code).toBe(2);
    expect(expectTerminalSafe(unknownKey)).toContain('no record under key "none/\\u202ex"');
    const unknownOption = await runCli(['ls', '--bogus\x1b[31m', '--storage', url]);
    expect(unknownOption.code).toBe(2);
    expect(expectTerminalSafe(unknownOption)).toContain("unknown option '--bogus\\x1b[31m'");
  });

  it('--json keeps the exact strings', async () => {
    const ls = await runCli(['ls', '--json', '--storage', url]);
    expect(ls.stdout).not.toMatch(RAW_CONTROL);
    const records = (JSON.parse(ls.stdout) as { records: { key: string; task: string }[] }).records;
    expect(records.find((record) => record.key === 'hostile/value')?.task).toBe(HOSTILE_TASK);

    const run = await runCli(['run', flowRunId, '--json', '--storage', url]);
    expect(run.stdout).not.toMatch(RAW_CONTROL);
    const { flowRun } = JSON.parse(run.stdout) as {
      flowRun: { error: string; taskRuns: { taskName: string; error: string | null }[] };
    };
    expect(flowRun.error).toBe(HOSTILE);
    expect(flowRun.taskRuns.map((task) => [task.taskName, task.error])).toEqual([
      [HOSTILE_TASK, null],
      ['Hostile.fail', HOSTILE],
    ]);
  });
});
