import { existsSync, readFileSync } from 'node:fs';
import { cp, mkdir, symlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';

const PACKAGES = join(__dirname, '..', '..', '..');
const WORKSPACE_MODULES = join(PACKAGES, '..', 'node_modules');
/** The flowcache packages a CLI install holds, by package name: copied, as npm unpacks them. */
const FLOWCACHE = new Map([
  ['@flowcache/cli', join(PACKAGES, 'cli')],
  ['@flowcache/core', join(PACKAGES, 'core')],
  ['@flowcache/storage-fs', join(PACKAGES, 'storage-fs')],
]);

/** A CLI installed as `npm install -g @flowcache/cli` lays it out under a prefix. */
export interface InstalledCli {
  /** `<prefix>/lib/node_modules`, where `npm install -g` puts every global package. */
  readonly globalModules: string;
  /** The executable, `<globalModules>/@flowcache/cli/bin/flowcache.js`. */
  readonly bin: string;
}

/**
 * Installs the built CLI under `prefix` as `npm install -g @flowcache/cli` would, without the registry: the CLI,
 * `@flowcache/core` and `@flowcache/storage-fs` are copied (their `package.json` and `dist`), as npm unpacks them,
 * so Node resolves from inside the prefix; the other dependencies are links to this workspace's copies, whose own
 * requires never look for flowcache packages. Nothing else is there: `@flowcache/storage-s3` is found only where a
 * test puts it. `prefix` must lie outside this repository, whose node_modules hold every workspace package.
 */
export async function installCliAlone(prefix: string): Promise<InstalledCli> {
  const globalModules = join(prefix, 'lib', 'node_modules');
  const cliDirectory = join(globalModules, '@flowcache', 'cli');
  const modules = join(cliDirectory, 'node_modules');
  for (const [name, source] of FLOWCACHE) {
    const target = name === '@flowcache/cli' ? cliDirectory : join(modules, name);
    for (const part of ['package.json', 'dist', ...(name === '@flowcache/cli' ? ['bin'] : [])]) {
      await cp(join(source, part), join(target, part), { recursive: true });
    }
  }
  for (const name of runtimeDependencies()) {
    if (FLOWCACHE.has(name)) continue;
    await mkdir(dirname(join(modules, name)), { recursive: true });
    await symlink(workspaceCopy(name), join(modules, name), 'dir');
  }
  return { globalModules, bin: join(cliDirectory, 'bin', 'flowcache.js') };
}

/** Links the workspace's `@flowcache/storage-s3` (built) into `modules`, as `npm install` there would put it. */
export async function addS3Package(modules: string): Promise<void> {
  await mkdir(join(modules, '@flowcache'), { recursive: true });
  await symlink(join(PACKAGES, 'storage-s3'), join(modules, '@flowcache', 'storage-s3'), 'dir');
}

/** What the copied flowcache packages need at run time: their dependencies and required peers. */
function runtimeDependencies(): Set<string> {
  const names = new Set<string>();
  for (const source of FLOWCACHE.values()) {
    const manifest = JSON.parse(readFileSync(join(source, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
      peerDependencies?: Record<string, string>;
      peerDependenciesMeta?: Record<string, { optional?: boolean }>;
    };
    for (const name of Object.keys(manifest.dependencies ?? {})) names.add(name);
    for (const name of Object.keys(manifest.peerDependencies ?? {})) {
      if (!manifest.peerDependenciesMeta?.[name]?.optional) names.add(name);
    }
  }
  return names;
}

/** The directory of a dependency as installed in this workspace: nested under a workspace package, or hoisted. */
function workspaceCopy(name: string): string {
  for (const source of FLOWCACHE.values()) {
    if (existsSync(join(source, 'node_modules', name, 'package.json'))) return join(source, 'node_modules', name);
  }
  if (existsSync(join(WORKSPACE_MODULES, name, 'package.json'))) return join(WORKSPACE_MODULES, name);
  throw new Error(`${name} is not installed in this workspace: run npm ci`);
}
