/**
 * Background persistence on a slow store (every write takes 200 ms). With the default `persistMode: 'sync'` a
 * call returns once its result is written; with `persistMode: 'background'` it returns as soon as the method
 * does and the write follows. A flow waits for its tasks' background writes before it returns, and
 * `engine.flush()` waits for every pending write: call it before the process exits, or results are lost.
 */
import 'reflect-metadata';
import { setTimeout as sleep } from 'node:timers/promises';
import { Engine, Flow, MemoryStorage, Task } from '@flowcache/core';
import { SlowStorage } from './SlowStorage';

/** The same resizing task persisted in `sync` and in `background` mode, and a flow of background tasks. */
export class Thumbnails {
  // The record's key names the image, so the timeline below can say which write finished.
  @Task({ resultStorageKey: 'sync/{parameters.image}' })
  async resizeAndWait(image: string): Promise<string> {
    await sleep(20); // stands in for the resizing
    return `${image}@200px`;
  }

  @Task({ resultStorageKey: 'background/{parameters.image}', persistMode: 'background' })
  async resize(image: string): Promise<string> {
    await sleep(20);
    return `${image}@200px`;
  }

  @Flow()
  async gallery(images: string[]): Promise<string[]> {
    return Promise.all(images.map((image) => this.resize(image)));
  }
}

/** Runs the example; `print` receives each output line. Returns the timeline's events, in order. */
export async function main(print: (line: string) => void = console.log, latencyMs = 200): Promise<string[]> {
  const started = performance.now();
  const events: string[] = [];
  const mark = (event: string) => {
    events.push(event);
    print(`${(performance.now() - started).toFixed(0).padStart(6)} ms  ${event}`);
  };
  const storage = new SlowStorage(new MemoryStorage(), latencyMs, (key) => mark(`stored ${key}`));
  // runHistory: false leaves the flow run's history (one more write) out of the timeline.
  const engine = new Engine({ storage, settings: { runHistory: false } });
  const thumbnails = engine.attach(new Thumbnails());

  mark('call resizeAndWait(a.png), persistMode sync');
  await thumbnails.resizeAndWait('a.png');
  mark('resizeAndWait returned');

  mark('call resize(b.png), persistMode background');
  await thumbnails.resize('b.png');
  mark('resize returned');
  await engine.flush();
  mark('engine.flush() returned');

  mark('call gallery([c.png, d.png]), a flow of background tasks');
  await thumbnails.gallery(['c.png', 'd.png']);
  mark('gallery returned');

  await engine.flush(); // before the process exits: nothing is pending here, but a server's shutdown would wait
  return events;
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
