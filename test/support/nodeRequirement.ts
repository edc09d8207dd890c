import type { Manifest } from './installedDependencies';

/**
 * The Node versions that load an ES module with `require()` without a flag. flowcache's packages are CommonJS,
 * so a dependency that ships only ES modules needs one of them.
 */
export const REQUIRE_ESM_NODE = '^20.19.0 || >=22.12.0';

/** Whether a package offers nothing `require()` can load without `require(esm)`. */
function isEsmOnly(manifest: Manifest): boolean {
  if (manifest.type !== 'module') return false;
  const entries = JSON.stringify(manifest.exports ?? null);
  return !entries.includes('"require"') && !entries.includes('.cjs') && !(manifest.main ?? '').endsWith('.cjs');
}

/** A range of Node versions a package needs, and why, in words. */
export interface NodeRequirement {
  range: string;
  reason: string;
}

/** The Node versions a package says it runs on, and those that can load it at all from CommonJS. */
export function nodeRequirements(manifest: Manifest): NodeRequirement[] {
  const requirements: NodeRequirement[] = [];
  const declared = manifest.engines?.node;
  if (declared !== undefined) requirements.push({ range: declared, reason: `its engines.node is "${declared}"` });
  if (isEsmOnly(manifest))
    requirements.push({ range: REQUIRE_ESM_NODE, reason: 'it ships ES modules only, loaded through require(esm)' });
  return requirements;
}
