import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [
    // esbuild, vite's default, emits no decorator metadata: Nest would not know what a constructor injects.
    swc.vite({ module: { type: 'es6' } }),
  ],
  test: {
    include: ['src/**/*.spec.ts', 'test/**/*.e2e-spec.ts'],
    // Only in this repository, which links @flowcache/* from its own folders (npm workspaces): vitest would compile
    // them itself, while an installed application has them in node_modules, which vitest leaves to Node. Load
    // them as such an application does.
    server: { deps: { external: [/\/packages\/[\w-]+\/dist\//] } },
  },
});
