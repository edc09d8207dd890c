import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // SWC compiles the TypeScript as tsc does, legacy decorators and their metadata included (Nest reads a
  // constructor's parameter types from it); it takes those settings from tsconfig.json. `module: es6` keeps the
  // ES modules vitest expects, whatever a .swcrc says.
  plugins: [swc.vite({ module: { type: 'es6' } })],
  test: {
    include: ['src/**/*.spec.ts', 'test/**/*.e2e-spec.ts'],
  },
});
