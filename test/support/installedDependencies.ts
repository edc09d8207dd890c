import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The fields of a package.json that decide where a package can run and what it loads. */
export interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  type?: string;
  main?: string;
  exports?: unknown;
  engines?: { node?: string };
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

/** A package installed in node_modules, and the chain of packages through which a user gets it. */
export interface InstalledDependency {
  manifest: Manifest;
  directory: string;
  via: string[];
}

export function readManifest(directory: string): Manifest {
  return JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8')) as Manifest;
}

/** What installing a package brings along at run time: its dependencies and the peers it does not mark optional. */
function runtimeDependencyNames(manifest: Manifest): string[] {
  const requiredPeers = Object.keys(manifest.peerDependencies ?? {}).filter(
    (name) => manifest.peerDependenciesMeta?.[name]?.optional !== true,
  );
  return [...Object.keys(manifest.dependencies ?? {}), ...requiredPeers];
}

/** Where Node finds `name` from a package in `directory`: the nearest node_modules on the way up. */
function resolvePackageDirectory(name: string, directory: string): string | undefined {
  for (let current = directory; ; current = dirname(current)) {
    const candidate = join(current, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return realpathSync(candidate);
    if (dirname(current) === current) return undefined;
  }
}

/**
 * Every package that loading the package in `directory` can bring in, transitively, as installed here (the
 * lockfile's versions): each once, with the first chain found. A dependency that is not installed is skipped, as
 * Node would report it on its own.
 */
export function installedRuntimeDependencies(directory: string): InstalledDependency[] {
  const root = realpathSync(directory);
  const found = new Map<string, InstalledDependency>();
  const queue: Array<{ directory: string; via: string[] }> = [{ directory: root, via: [readManifest(root).name] }];
  while (queue.length > 0) {
    const { directory: parent, via } = queue.shift()!;
    for (const name of runtimeDependencyNames(readManifest(parent))) {
      const location = resolvePackageDirectory(name, parent);
      if (location === undefined || location === root || found.has(location)) continue;
      const manifest = readManifest(location);
      const dependency = { manifest, directory: location, via: [...via, `${manifest.name}@${manifest.version}`] };
      found.set(location, dependency);
      queue.push({ directory: location, via: dependency.via });
    }
  }
  return [...found.values()];
}
