import { HashWriter } from './HashWriter';

// Hashing is synchronous, so a handful of writers serve the whole process; nested digests (Map and Set
// entries) take one more from the pool while the outer one is in use.
const idle: HashWriter[] = [];

/** Runs `use` with a clean writer and returns it to the pool, clean, even when `use` throws. */
export function withWriter<T>(use: (writer: HashWriter) => T): T {
  const writer = idle.pop() ?? new HashWriter();
  try {
    return use(writer);
  } finally {
    writer.reset();
    if (idle.length < 8) idle.push(writer);
  }
}
