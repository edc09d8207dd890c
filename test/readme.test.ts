import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ROOT, READMES, markedBlocks, countTypeScriptBlocks } = require('../scripts/readmeExamples.js') as {
  ROOT: string;
  READMES: string[];
  markedBlocks: (readme: string) => { file: string; shown: string }[];
  countTypeScriptBlocks: (readme: string) => number;
};

const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

describe.each(READMES)('%s', (readme) => {
  it('shows only examples that exist as files, type-checked and run by the tests, exactly as they are', () => {
    const blocks = markedBlocks(readme);
    if (!readme.startsWith('docs/')) expect(blocks.length).toBeGreaterThan(0); // a docs page may have no code
    expect(blocks.length).toBe(countTypeScriptBlocks(readme));
    for (const { file, shown } of blocks) {
      expect(file).toMatch(
        new RegExp(
          String.raw`^(examples\/[\w-]+\/(src\/)?[\w.-]+\.ts|` +
            String.raw`packages\/[\w-]+\/test\/[\w/-]+\.test\.ts|` +
            String.raw`docs\/examples\/[\w-]+(\.test)?\.ts)$`,
        ),
      );
      if (shown !== read(file)) {
        throw new Error(`${readme} shows an outdated ${file}; run: node scripts/readmeExamples.js`);
      }
    }
  });
});

describe.each([
  ['@flowcache/core', 'packages/core/src/index.ts', 20],
  ['@flowcache/core/adapters', 'packages/core/src/adapters/index.ts', 10],
  ['@flowcache/core/records', 'packages/core/src/records/index.ts', 10],
])('the public API of %s', (_entry, entryFile, atLeast) => {
  it('appears in a README example, every export of it', () => {
    const index = read(entryFile);
    const exported = [...index.matchAll(/export (?:type )?\{([^}]*)\}/g)]
      .flatMap((match) => match[1].split(','))
      .map(
        (name) =>
          name
            .trim()
            .replace(/^type /, '')
            .split(/\s+as\s+/)
            .pop() as string,
      )
      .filter((name) => name !== '');
    const examples = READMES.flatMap((readme) => markedBlocks(readme).map((block) => read(block.file))).join('\n');
    const missing = exported.filter((name) => !new RegExp(`\\b${name}\\b`).test(examples));
    expect(exported.length).toBeGreaterThan(atLeast);
    expect(missing).toEqual([]);
  });
});
