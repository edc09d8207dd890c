import { randomUUID } from 'node:crypto';

/**
 * A prefix no other test uses, `<label><separator><random UUID>`, so tests sharing one server or bucket start with
 * nothing stored under it.
 */
export function freshPrefix(label = 'test', separator = '-'): string {
  return `${label}${separator}${randomUUID()}`;
}
