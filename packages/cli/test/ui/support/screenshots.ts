import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** Where test runs leave screenshots (git-ignored). */
export const TEST_OUTPUT = join(__dirname, '../../../../../test-output');

export function screenshotPath(name: string): string {
  mkdirSync(TEST_OUTPUT, { recursive: true });
  return join(TEST_OUTPUT, name);
}
