import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The version of @flowcache/core that writes records (src/ and dist/ sit at the same depth). */
export const LIBRARY_VERSION: string = (
  JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string }
).version;
