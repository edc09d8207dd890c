// Part of the install check: the installed `flowcache ui` serves every page. Its charts come from d3's modules,
// which ship as ES modules only and load through require(esm): this proves they do in a plain installation.
const { spawn } = require('node:child_process');
const { CheckFailure } = require('./runCommand');

const PAGES = ['/', '/records', '/stats', '/trends'];

/** Starts `flowcache ui` on `storage`, GETs each page, stops it; resolves with what it served, or fails the check. */
async function checkUiPages(flowcache, storage, { cwd, env }) {
  const child = spawn(flowcache, ['ui', '--json', '--port', '0', '--storage', storage], {
    cwd,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr.on('data', (chunk) => (output += chunk));
  try {
    const url = await new Promise((resolve, reject) => {
      let printed = '';
      child.stdout.on('data', (chunk) => {
        printed += chunk;
        output += chunk;
        // The JSON may come in several chunks: wait until it parses whole.
        try {
          resolve(JSON.parse(printed.slice(printed.indexOf('{'))).url);
        } catch {
          // Not whole yet.
        }
      });
      child.once('exit', (code) => reject(new CheckFailure(`flowcache ui exited (code ${code})`, output)));
      setTimeout(() => reject(new CheckFailure('flowcache ui printed no address within 30 s', output)), 30_000);
    });
    for (const page of PAGES) {
      const response = await fetch(new URL(page, url));
      const body = await response.text();
      if (response.status !== 200 || !body.includes('</html>')) {
        throw new CheckFailure(`flowcache ui answered ${page} with ${response.status}`, body.slice(0, 2000));
      }
    }
    if (/Warning/.test(output)) throw new CheckFailure('flowcache ui printed a warning', output);
    return `flowcache ui served ${PAGES.join(', ')}`;
  } finally {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // It has exited.
    }
  }
}

module.exports = { checkUiPages };
