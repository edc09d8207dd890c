import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

/**
 * What every published package declares to npm and to TypeScript: the license and links a registry page shows,
 * source maps a debugger can use, and entry points every `moduleResolution` finds. `npm run check:install`
 * proves the same on the packed tarballs, installed into fresh applications.
 */
const ROOT = join(__dirname, '..');
const PACKAGES = readdirSync(join(ROOT, 'packages')).sort();
const REPOSITORY_URL = 'git+https://github.com/flowcache/flowcache.git';

interface Manifest {
  name: string;
  license?: string;
  keywords?: string[];
  repository?: { type?: string; url?: string; directory?: string };
  homepage?: string;
  bugs?: { url?: string };
  publishConfig?: { access?: string };
}

function manifestOf(directory: string): Manifest {
  return JSON.parse(readFileSync(join(ROOT, directory, 'package.json'), 'utf8')) as Manifest;
}

describe('every published package', () => {
  const license = readFileSync(join(ROOT, 'LICENSE'), 'utf8');

  it('has the MIT license of the flowcache authors at the repository root', () => {
    expect(license).toMatch(/^MIT License\n\nCopyright \(c\) 2026 the flowcache authors\n/);
  });

  it.each(PACKAGES)('packages/%s ships that LICENSE file (npm packs it with every package)', (name) => {
    expect(readFileSync(join(ROOT, 'packages', name, 'LICENSE'), 'utf8')).toBe(license);
  });

  it.each(PACKAGES)('packages/%s names its repository, homepage, issues, keywords and public access', (name) => {
    const manifest = manifestOf(join('packages', name));
    expect(manifest.license).toBe('MIT');
    expect(manifest.repository).toEqual({ type: 'git', url: REPOSITORY_URL, directory: `packages/${name}` });
    expect(manifest.homepage).toBe(`https://github.com/flowcache/flowcache/tree/main/packages/${name}#readme`);
    expect(manifest.bugs).toEqual({ url: 'https://github.com/flowcache/flowcache/issues' });
    expect(manifest.keywords).toEqual(expect.arrayContaining(['flowcache']));
    expect(manifest.publishConfig).toEqual({ access: 'public' });
  });

  it.each(PACKAGES)('packages/%s emits source maps that carry their sources, or none', (name) => {
    // The tarballs hold dist/ but not src/: a map that only points at ../src/*.ts leads a debugger nowhere.
    const directory = join(ROOT, 'packages', name);
    const { config } = ts.readConfigFile(join(directory, 'tsconfig.json'), ts.sys.readFile);
    const { options, errors } = ts.parseJsonConfigFileContent(config, ts.sys, directory);
    expect(errors).toEqual([]);
    if (options.sourceMap === true) expect(options.inlineSources).toBe(true);
  });

  it.each(PACKAGES)('packages/%s leaves @internal members out of the declarations it ships', (name) => {
    const directory = join(ROOT, 'packages', name);
    const { config } = ts.readConfigFile(join(directory, 'tsconfig.json'), ts.sys.readFile);
    expect(ts.parseJsonConfigFileContent(config, ts.sys, directory).options.stripInternal).toBe(true);
  });
});

describe('@flowcache/core/adapters, /records and /testing', () => {
  // Resolved from an application's file, through node_modules, where the workspace links packages/core. The
  // .d.ts files are taken to exist where the build emits them, so the test needs no build.
  const application = join(ROOT, 'examples', 'basic', 'src', 'main.ts');
  const linked = join(ROOT, 'node_modules', '@flowcache', 'core');
  const core = join(ROOT, 'packages', 'core');
  const inPackage = (path: string): string => (path.startsWith(linked) ? core + path.slice(linked.length) : path);
  const sourceOf = (emitted: string): string => {
    const inDist = relative(join(core, 'dist'), inPackage(emitted));
    return inDist.startsWith('..') ? emitted : join(core, 'src', inDist.replace(/\.d\.ts$/, '.ts'));
  };
  const host: ts.ModuleResolutionHost = {
    ...ts.sys,
    fileExists: (file) => ts.sys.fileExists(file) || ts.sys.fileExists(sourceOf(file)),
    directoryExists: (directory) => ts.sys.directoryExists(directory) || ts.sys.directoryExists(sourceOf(directory)),
  };
  const resolutions: Array<[string, ts.CompilerOptions]> = [
    ['node10', { moduleResolution: ts.ModuleResolutionKind.Node10 }],
    ['node16', { moduleResolution: ts.ModuleResolutionKind.Node16, module: ts.ModuleKind.Node16 }],
    ['nodenext', { moduleResolution: ts.ModuleResolutionKind.NodeNext, module: ts.ModuleKind.NodeNext }],
    ['bundler', { moduleResolution: ts.ModuleResolutionKind.Bundler, module: ts.ModuleKind.ESNext }],
  ];

  it.each(resolutions)('and the main entry resolve to their declarations under moduleResolution %s', (_, options) => {
    const resolve = (specifier: string) => {
      const resolved = ts.resolveModuleName(specifier, application, options, host).resolvedModule?.resolvedFileName;
      return resolved === undefined ? undefined : inPackage(resolved);
    };
    expect(resolve('@flowcache/core/testing')).toBe(join(core, 'dist', 'testing', 'index.d.ts'));
    expect(resolve('@flowcache/core/adapters')).toBe(join(core, 'dist', 'adapters', 'index.d.ts'));
    expect(resolve('@flowcache/core/records')).toBe(join(core, 'dist', 'records', 'index.d.ts'));
    expect(resolve('@flowcache/core')).toBe(join(core, 'dist', 'index.d.ts'));
  });
});
