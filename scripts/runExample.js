// `npm run example -- <name> [args...]`: builds examples/<name> with the packages it references (tsc -b, which
// is incremental) and runs its dist/main.js with the remaining arguments, exiting with its exit code.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const EXAMPLES = path.join(ROOT, 'examples');

/** The examples that have a main program to build and run (examples/api holds the README's snippets only). */
function runnableExamples() {
  return fs
    .readdirSync(EXAMPLES)
    .filter((name) => ['tsconfig.json', 'src/main.ts'].every((file) => fs.existsSync(path.join(EXAMPLES, name, file))))
    .sort();
}

function run(command, args) {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit' });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

const [name, ...args] = process.argv.slice(2);
const examples = runnableExamples();
if (!examples.includes(name)) {
  console.error(
    `${name === undefined ? 'name an example' : `no runnable example "${name}"`}: npm run example -- <name>`,
  );
  console.error(`examples: ${examples.join(', ')}`);
  process.exit(2);
}
// An example shaped like an application of its own builds its sources with tsconfig.build.json, as Nest's starter does.
const buildConfig = ['tsconfig.build.json', 'tsconfig.json'].find((file) =>
  fs.existsSync(path.join(EXAMPLES, name, file)),
);
const built = run(process.execPath, [
  require.resolve('typescript/bin/tsc'),
  '-b',
  path.join('examples', name, buildConfig),
]);
if (built !== 0) process.exit(built);
process.exit(run(process.execPath, [path.join('examples', name, 'dist', 'main.js'), ...args]));
