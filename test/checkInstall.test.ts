import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/* eslint-disable @typescript-eslint/no-require-imports */
const { npmWarnings, peerTrouble } = require('../scripts/checkInstall/freshApp.js') as {
  npmWarnings: (output: string) => string[];
  peerTrouble: (warnings: string[]) => string[];
};
const { checkContents } = require('../scripts/checkInstall/packTarballs.js') as {
  checkContents: (name: string, root: string, manifest: object, files: string[]) => void;
};
const { pruneStaleOutputs } = require('../scripts/checkInstall/pruneStaleOutputs.js') as {
  pruneStaleOutputs: (packageDirectory: string) => string[];
};
const { tarballsOf } = require('../scripts/checkInstall/checks.js') as {
  tarballsOf: (names: string[], tarballs: Map<string, { name: string; manifest: object }>) => Array<{ name: string }>;
};
/* eslint-enable @typescript-eslint/no-require-imports */

// The pieces of `npm run check:install` that decide what fails it; the check itself runs in .ci/run.

let directory: string;
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'flowcache-check-install-'));
});
afterEach(() => rmSync(directory, { recursive: true, force: true }));

function write(files: Record<string, string>): void {
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(dirname(join(directory, file)), { recursive: true });
    writeFileSync(join(directory, file), content);
  }
}

describe('npm install output', () => {
  it('fails the check when npm overrode a peer dependency', () => {
    const output = [
      'npm warn ERESOLVE overriding peer dependency',
      'npm warn While resolving: @flowcache/nestjs@0.1.0',
      'npm warn Found: @nestjs/common@13.0.0',
      'npm warn Could not resolve dependency:',
      'npm warn peer @nestjs/common@"^12.5.1" from @flowcache/nestjs@0.1.0',
      '',
      'added 40 packages in 3s',
    ].join('\n');
    expect(peerTrouble(npmWarnings(output))).toEqual([
      'npm warn ERESOLVE overriding peer dependency',
      'npm warn peer @nestjs/common@"^12.5.1" from @flowcache/nestjs@0.1.0',
    ]);
  });

  it('reports an engine warning in one line, without failing the check', () => {
    const output = [
      'npm warn EBADENGINE Unsupported engine {',
      "npm warn EBADENGINE   package: 'commander@15.1.0',",
      "npm warn EBADENGINE   required: { node: '>=22.12.0' },",
      "npm warn EBADENGINE   current: { node: 'v20.20.2', npm: '11.19.1' }",
      'npm warn EBADENGINE }',
      'added 12 packages in 2s',
    ].join('\n');
    const warnings = npmWarnings(output);
    expect(warnings).toEqual([
      `npm warn EBADENGINE commander@15.1.0 wants node >=22.12.0 (this is ${process.version})`,
    ]);
    expect(peerTrouble(warnings)).toEqual([]);
  });
});

describe('the contents of a packed tarball', () => {
  const manifest = {
    main: 'dist/index.js',
    types: 'dist/index.d.ts',
    exports: { '.': { types: './dist/index.d.ts', default: './dist/index.js' } },
    typesVersions: { '*': { testing: ['./dist/testing/index.d.ts'] } },
  };
  const complete = {
    LICENSE: 'MIT License',
    'README.md': '# pkg',
    'package.json': JSON.stringify(manifest),
    'dist/index.js': '',
    'dist/index.d.ts': '',
    'dist/testing/index.d.ts': '',
    'dist/index.js.map': JSON.stringify({ version: 3, sources: ['../src/index.ts'], sourcesContent: ['export {};'] }),
  };
  const check = () =>
    checkContents('@flowcache/example', directory, manifest, readdirSync(directory, { recursive: true }).map(String));

  it('passes with a LICENSE, the entry points, and source maps carrying their sources', () => {
    write(complete);
    expect(check).not.toThrow();
  });

  it('fails without a LICENSE', () => {
    const { LICENSE: _, ...withoutLicense } = complete;
    write(withoutLicense);
    expect(check).toThrow(/the tarball of @flowcache\/example:\n {2}- no LICENSE/);
  });

  it('fails with a source map pointing at sources the tarball does not hold', () => {
    write({ ...complete, 'dist/index.js.map': JSON.stringify({ version: 3, sources: ['../src/index.ts'] }) });
    expect(check).toThrow('dist/index.js.map points at sources it does not carry (../src/index.ts)');
  });

  it('fails when an entry point of exports or typesVersions is missing', () => {
    const { 'dist/testing/index.d.ts': _, ...withoutTesting } = complete;
    write(withoutTesting);
    expect(check).toThrow('package.json points at ./dist/testing/index.d.ts, which it does not hold');
  });
});

describe('pruneStaleOutputs', () => {
  it('removes the outputs of deleted sources, and only those, before packing', () => {
    write({
      'src/kept.ts': '',
      'src/nested/alsoKept.ts': '',
      'dist/kept.js': '',
      'dist/kept.js.map': '',
      'dist/kept.d.ts': '',
      'dist/nested/alsoKept.js': '',
      'dist/deleted.js': '',
      'dist/deleted.js.map': '',
      'dist/nested/renamed.d.ts': '',
    });
    expect(pruneStaleOutputs(directory).sort()).toEqual(
      ['dist/deleted.js', 'dist/deleted.js.map', 'dist/nested/renamed.d.ts'].map((file) => join(directory, file)),
    );
    expect(readdirSync(join(directory, 'dist'), { recursive: true }).map(String).sort()).toEqual([
      'kept.d.ts',
      'kept.js',
      'kept.js.map',
      'nested',
      join('nested', 'alsoKept.js'),
    ]);
  });
});

describe('the tarballs an app installs', () => {
  it('include the @flowcache packages they depend on, which the registry would not have', () => {
    const tarballs = new Map(
      [
        { name: '@flowcache/cli', manifest: { dependencies: { '@flowcache/core': '0.1.0', commander: '15.1.0' } } },
        { name: '@flowcache/core', manifest: { dependencies: { '@flowcache/storage-fs': '0.1.0' } } },
        { name: '@flowcache/storage-fs', manifest: { peerDependencies: { '@flowcache/core': '^0.1.0' } } },
        { name: '@flowcache/nestjs', manifest: {} },
      ].map((entry) => [entry.name, entry]),
    );
    expect(tarballsOf(['@flowcache/cli'], tarballs).map((entry) => entry.name)).toEqual([
      '@flowcache/cli',
      '@flowcache/core',
      '@flowcache/storage-fs',
    ]);
  });
});
