// Fails when a line of tracked source is wider than the formatter's line width (biome.jsonc `formatter.lineWidth`).
// Biome wraps what it can, but leaves a long string, template or regex literal as it is; this catches those.
// `node scripts/checkLineWidth.js` checks every tracked .ts/.tsx/.js/.mjs/.cjs file (Markdown is left out: prose
// and tables wrap where the reader's screen does); `node scripts/checkLineWidth.js <files...>` checks those files.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const SOURCE_PATTERNS = ['*.ts', '*.tsx', '*.js', '*.mjs', '*.cjs'];

/** biome.jsonc without its comments, so that JSON.parse reads it; text inside strings is kept as it is. */
function withoutComments(jsonc) {
  let out = '';
  for (let index = 0; index < jsonc.length; index++) {
    const character = jsonc[index];
    if (character === '"') {
      const end = stringEnd(jsonc, index);
      out += jsonc.slice(index, end);
      index = end - 1;
    } else if (jsonc.startsWith('//', index)) {
      index = jsonc.indexOf('\n', index) - 1;
      if (index < 0) break;
    } else if (jsonc.startsWith('/*', index)) {
      index = jsonc.indexOf('*/', index + 2) + 1;
      if (index < 1) break;
    } else {
      out += character;
    }
  }
  // JSONC also allows a comma before a closing bracket.
  return out.replace(/,(\s*[}\]])/g, '$1');
}

/** Index just after the closing quote of the string that opens at `start`. */
function stringEnd(text, start) {
  let index = start + 1;
  while (index < text.length && text[index] !== '"') index += text[index] === '\\' ? 2 : 1;
  return index + 1;
}

/** The width Biome formats to, from the text of biome.jsonc. */
function lineWidthOf(biomeConfig) {
  const width = JSON.parse(withoutComments(biomeConfig)).formatter?.lineWidth;
  if (!Number.isInteger(width) || width <= 0) {
    throw new Error('biome.jsonc has no formatter.lineWidth (a positive integer): set it, e.g. "lineWidth": 120');
  }
  return width;
}

/**
 * The lines of `text` wider than `width`, 1-based. Width counts characters (code points), as an editor's column
 * does, not UTF-8 bytes: `≤` or `é` is one column.
 */
function longLines(text, width) {
  const found = [];
  text.split('\n').forEach((line, index) => {
    const columns = [...line.replace(/\r$/, '')].length;
    if (columns > width) found.push({ line: index + 1, columns });
  });
  return found;
}

function trackedSources() {
  const output = execFileSync('git', ['ls-files', '-z', '--', ...SOURCE_PATTERNS], { cwd: ROOT, encoding: 'utf8' });
  return output.split('\0').filter((file) => file !== '');
}

function main(files) {
  const width = lineWidthOf(fs.readFileSync(path.join(ROOT, 'biome.jsonc'), 'utf8'));
  const checked = files.length > 0 ? files : trackedSources();
  const problems = [];
  for (const file of checked) {
    const text = fs.readFileSync(path.resolve(ROOT, file), 'utf8');
    for (const { line, columns } of longLines(text, width)) problems.push(`${file}:${line}: ${columns} columns`);
  }
  if (problems.length === 0) return 0;
  console.error(problems.join('\n'));
  console.error(
    `\n${problems.length} line(s) wider than ${width} columns (biome.jsonc formatter.lineWidth), which the ` +
      'formatter cannot break: shorten them, or split the string, template or regex into pieces joined together.',
  );
  return 1;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));

module.exports = { lineWidthOf, longLines };
