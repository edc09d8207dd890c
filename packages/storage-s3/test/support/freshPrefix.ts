import { randomUUID } from 'node:crypto';

/** A prefix no other test uses, so tests sharing one bucket start empty. */
export function freshPrefix(label = 'test'): string {
  return `${label}-${randomUUID()}`;
}
