/**
 * A long-running process with a flowcache engine on a FileSystemStorage (argv[2]: its base path), driven one step
 * at a time over stdin, one command a line, each answered with one line on stdout:
 * `call` → `value <v> runs <n>`; `advance <ms>` → `now <ms>` (its engine's clock: no sleeping).
 * Its memory tier revalidates after 1000 ms of its clock.
 */
import 'reflect-metadata';
import { createInterface } from 'node:readline';
import { Engine, Task } from '@flowcache/core';
import { FileSystemStorage } from '@flowcache/storage-fs';

class Quotes {
  runs = 0;

  @Task({ cacheKeyFn: () => 'quotes/acme', persistResult: true })
  async acme(): Promise<string> {
    this.runs++;
    return `acme#${this.runs}`;
  }
}

let now = Date.UTC(2026, 10, 26, 12);
const engine = new Engine({
  storage: new FileSystemStorage({ basePath: process.argv[2] }),
  clock: () => now,
  settings: { memoryRevalidateMs: 1000, runHistory: false },
});
const quotes = engine.attach(new Quotes());

const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  const [command, argument] = line.trim().split(' ');
  const answer =
    command === 'call'
      ? quotes.acme().then((value) => `value ${value} runs ${quotes.runs}`)
      : command === 'advance'
        ? Promise.resolve(`now ${(now += Number(argument))}`)
        : Promise.resolve(`unknown command ${command}`);
  void answer.then(
    (text) => process.stdout.write(`${text}\n`),
    (error: unknown) => process.stdout.write(`error ${String(error)}\n`),
  );
});
