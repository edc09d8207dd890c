// `tsc -b` never deletes what it emitted for a source file that has since been deleted or renamed, and `npm pack`
// would ship those leftovers. The packages compile src/ into dist/ one to one, so an output without its source
// is a leftover.
const fs = require('node:fs');
const path = require('node:path');

const OUTPUT_SUFFIXES = ['.d.ts.map', '.js.map', '.d.ts', '.js'];

/** Deletes the files under `packageDirectory`/dist whose source under src/ is gone; returns their paths. */
function pruneStaleOutputs(packageDirectory) {
  const dist = path.join(packageDirectory, 'dist');
  if (!fs.existsSync(dist)) return [];
  const removed = [];
  for (const file of fs.readdirSync(dist, { recursive: true })) {
    const suffix = OUTPUT_SUFFIXES.find((candidate) => file.endsWith(candidate));
    if (suffix === undefined) continue;
    const source = path.join(packageDirectory, 'src', `${file.slice(0, -suffix.length)}.ts`);
    if (!fs.existsSync(source)) {
      fs.rmSync(path.join(dist, file));
      removed.push(path.join(dist, file));
    }
  }
  return removed;
}

module.exports = { pruneStaleOutputs };
