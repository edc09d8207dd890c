import { describe, it } from '@jest/globals';

/**
 * `describe` for tests that need a program installed on the machine (redis-server, chromium). `missing` says why
 * it cannot be used, and how to install it, or is `undefined` when it can. In CI (`CI=true`) such tests fail with
 * that message; elsewhere they are skipped with a loud warning.
 */
export function describeNeeding(missing: string | undefined, name: string, body: () => void): void {
  if (missing === undefined) {
    describe(name, body);
  } else if (process.env.CI === 'true') {
    describe(name, () => {
      it('has what it needs installed', () => {
        throw new Error(missing);
      });
    });
  } else {
    console.warn(`\n!!! SKIPPED "${name}": ${missing}\n`);
    describe.skip(name, body);
  }
}
