import { types } from 'node:util';
import type { ServiceIdentifier } from 'inversify';

/**
 * Every service identifier in a plan tree: the one requested and those of its constructor, property and
 * factory dependencies, through redirections. The tree's node types are internal to inversify, so this walks
 * the few fields they share instead of importing them.
 */
export function collectServiceIdentifiers(root: unknown): Set<ServiceIdentifier> {
  const found = new Set<ServiceIdentifier>();
  const visited = new Set<object>();
  const visit = (node: unknown): void => {
    if (typeof node !== 'object' || node === null || visited.has(node)) return;
    visited.add(node);
    if (Array.isArray(node)) return node.forEach(visit);
    const fields = node as Record<string, unknown>;
    if ('serviceIdentifier' in fields && 'bindings' in fields) found.add(fields.serviceIdentifier as ServiceIdentifier);
    visit(fields.bindings);
    visit(fields.constructorParams);
    visit(fields.params);
    visit(fields.redirections);
    // By brand: inversify may have been loaded in another realm than this module (a jest or vm context).
    if (types.isMap(fields.propertyParams)) visit([...fields.propertyParams.values()]);
  };
  visit(root);
  return found;
}
