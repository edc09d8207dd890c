import { PassThrough } from 'node:stream';
import { startProgress } from '../src/output/progressReporter';

/** A stream that says it is a terminal and keeps what is written to it. */
function fakeTerminal(isTTY: boolean): { stream: NodeJS.WriteStream; written: () => string } {
  const chunks: string[] = [];
  const stream = Object.assign(new PassThrough(), { isTTY, columns: 120 });
  stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
  return { stream: stream as unknown as NodeJS.WriteStream, written: () => chunks.join('') };
}

describe('the progress line of commands that walk the whole storage', () => {
  it('counts the objects examined on a terminal, and clears itself when stopped', async () => {
    const terminal = fakeTerminal(true);
    const progress = startProgress('counting', { json: false, stream: terminal.stream });
    expect(progress.onProgress).toBeDefined();
    progress.onProgress!(1000);
    progress.onProgress!(1500);
    progress.stop();
    await new Promise((resolve) => setImmediate(resolve));
    expect(terminal.written()).toContain('counting: 1500 stored objects examined');
  });

  it('stays silent with --json and when stderr is not a terminal', () => {
    for (const [json, isTTY] of [
      [true, true],
      [false, false],
    ]) {
      const terminal = fakeTerminal(isTTY);
      const progress = startProgress('counting', { json, stream: terminal.stream });
      expect(progress.onProgress).toBeUndefined();
      progress.stop();
      expect(terminal.written()).toBe('');
    }
  });
});
