import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

const ROOT = join(__dirname, '..');
const IMPORT = /(?:import|export)[^'"]*?from\s+['"](\.[^'"]+)['"]/g;

function sourceFiles(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

function localImports(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(IMPORT)]
    .map((match) => join(dirname(file), match[1]))
    .map((target) => [`${target}.ts`, join(target, 'index.ts')].find((candidate) => existsSync(candidate)))
    .filter((target): target is string => target !== undefined);
}

describe('the packages’ sources', () => {
  it('have no import cycles, type-only imports included', () => {
    const packages = readdirSync(join(ROOT, 'packages'));
    const files = packages.flatMap((name) => sourceFiles(join(ROOT, 'packages', name, 'src')));
    const graph = new Map(files.map((file) => [file, localImports(file)]));
    const state = new Map<string, 'visiting' | 'done'>();
    const cycles: string[] = [];
    const visit = (file: string, path: string[]): void => {
      state.set(file, 'visiting');
      for (const next of graph.get(file) ?? []) {
        if (state.get(next) === 'visiting') {
          cycles.push(
            [...path, file, next]
              .slice(path.indexOf(next))
              .map((entry) => relative(ROOT, entry))
              .join(' → '),
          );
        } else if (!state.has(next)) visit(next, [...path, file]);
      }
      state.set(file, 'done');
    };
    for (const file of files) if (!state.has(file)) visit(file, []);
    expect(files.length).toBeGreaterThan(50);
    expect(cycles).toEqual([]);
  });
});
