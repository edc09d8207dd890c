import { mergeConfig } from 'vitest/config';
import config from './vitest.config.js';

// For this repository only, whose npm workspaces link @flowcache/* from their own folders: vitest would compile
// those itself, while an installed application has them in node_modules, which vitest leaves to Node. This
// config makes the tests load them as such an application does (CommonJS `dist`, imported from ES modules).
export default mergeConfig(config, {
  test: { server: { deps: { external: [/\/packages\/[\w-]+\/dist\//] } } },
});
