import { HashWriter } from './HashWriter';

// Hashing is synchronous, so a handful of writers serve the whole process; nested digests (Map and Set
// entries) take one more from the pool while the outer one is in use.
const idle: HashWriter[] = [];

/** Takes a clean writer from the pool; hand it back with `releaseWriter`, also when hashing throws. */
export function acquireWriter(): HashWriter {
  return idle.pop() ?? new HashWriter();
}

export function releaseWriter(writer: HashWriter): void {
  writer.reset();
  if (idle.length < 8) idle.push(writer);
}

/** Runs `use` with a clean writer and returns the writer to the pool, clean, even when `use` throws. */
export function withWriter<T>(use: (writer: HashWriter) => T): T {
  const writer = acquireWriter();
  try {
    return use(writer);
  } finally {
    releaseWriter(writer);
  }
}
