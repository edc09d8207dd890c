// Keeps README code blocks identical to the example files they show, so every snippet is type-checked and run
// by the tests. A block is marked by the comment line `<!-- example: path/from/repo/root.ts -->` just above it.
// `node scripts/readmeExamples.js` rewrites the marked blocks from the files.
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const READMES = [
  'README.md',
  'packages/core/README.md',
  'packages/storage-s3/README.md',
  'packages/lock-redis/README.md',
  'packages/nestjs/README.md',
];
// Every page of docs/ too: its ```ts blocks show files under docs/examples/.
READMES.push(
  ...fs
    .readdirSync(path.join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => `docs/${name}`),
);
const MARKED_BLOCK = /<!-- example: (\S+) -->\n```ts\n([\s\S]*?)```/g;

/** Every marked block of a README: the example file it names and the code it shows. */
function markedBlocks(readme) {
  const text = fs.readFileSync(path.join(ROOT, readme), 'utf8');
  return [...text.matchAll(MARKED_BLOCK)].map((match) => ({ file: match[1], shown: match[2] }));
}

/** Every ```ts block of a README, marked or not. */
function countTypeScriptBlocks(readme) {
  return (fs.readFileSync(path.join(ROOT, readme), 'utf8').match(/```ts\n/g) ?? []).length;
}

function syncReadme(readme) {
  const file = path.join(ROOT, readme);
  const text = fs.readFileSync(file, 'utf8');
  const synced = text.replace(MARKED_BLOCK, (_whole, example) => {
    const code = fs.readFileSync(path.join(ROOT, example), 'utf8');
    return `<!-- example: ${example} -->\n\`\`\`ts\n${code}\`\`\``;
  });
  if (synced !== text) fs.writeFileSync(file, synced);
  return synced !== text;
}

module.exports = { ROOT, READMES, markedBlocks, countTypeScriptBlocks };

if (require.main === module) {
  for (const readme of READMES) console.log(`${readme}: ${syncReadme(readme) ? 'updated' : 'already in sync'}`);
}
