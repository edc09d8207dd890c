import type { PluginContext } from '@inversifyjs/plugin';
import type { ServiceIdentifier } from 'inversify';

/** The container's own record of its bindings, as inversify hands it to plugins. */
export type ContainerBindings = PluginContext['bindingService'];

/**
 * Which bindings a token has now, its parent containers' included, as a string that changes whenever one is
 * added, removed or replaced (`rebind` makes a new binding with a new id): `''` when it has none. Cheaper than
 * resolving the token, and unlike comparing resolved values, right for transient bindings too.
 */
export function bindingIds(bindings: ContainerBindings, token: ServiceIdentifier): string {
  let ids = '';
  for (const binding of bindings.getChained(token)) ids += ids === '' ? `${binding.id}` : `,${binding.id}`;
  return ids;
}
