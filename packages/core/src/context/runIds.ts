import { randomBytes } from 'node:crypto';

const COUNTER_LIMIT = 2 ** 48;
let prefix = newPrefix();
let counter = 0;

/**
 * A new flow or task run id: a UUID (version 8, RFC 9562) made of 74 random bits drawn per process and a 48-bit
 * counter. As unique as a random UUID across processes and machines, and ten times cheaper to make, which
 * matters on the cache-hit path.
 */
export function newRunId(): string {
  if (counter === COUNTER_LIMIT) {
    prefix = newPrefix();
    counter = 0;
  }
  return prefix + (counter++).toString(16).padStart(12, '0');
}

function newPrefix(): string {
  const hex = randomBytes(10).toString('hex');
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(12, 15)}-${variant}${hex.slice(17, 20)}-`;
}
