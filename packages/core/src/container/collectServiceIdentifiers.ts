import type {
  InstanceBindingNode,
  PlanBindingNode,
  PlanServiceNode,
  PlanServiceRedirectionBindingNode,
  ResolvedValueBindingNode,
} from '@inversifyjs/core';
import type { ServiceIdentifier } from 'inversify';

/**
 * Every service identifier in a plan tree: the one requested and those of its constructor, property and
 * resolved-value dependencies, through redirections (`toService`) and multi-injections. Each service node is
 * visited once, so a tree that reaches a node twice (or loops back to it) is walked in bounded time.
 */
export function collectServiceIdentifiers(root: PlanServiceNode): Set<ServiceIdentifier> {
  const found = new Set<ServiceIdentifier>();
  const visited = new Set<PlanServiceNode>();
  const visitService = (service: PlanServiceNode): void => {
    if (visited.has(service)) return;
    visited.add(service);
    found.add(service.serviceIdentifier);
    // undefined: an optional dependency with no binding; an array: a multi-injection.
    const bindings = service.bindings ?? [];
    for (const binding of Array.isArray(bindings) ? bindings : [bindings]) {
      for (const dependency of dependenciesOf(binding)) visitService(dependency);
    }
  };
  visitService(root);
  return found;
}

// The service nodes a binding is built from. Constants, dynamic values and factories are built by user code the
// plan does not describe, so they have none.
function dependenciesOf(node: PlanBindingNode): Iterable<PlanServiceNode> {
  switch (node.binding.type) {
    case 'Instance': {
      const instance = node as InstanceBindingNode;
      const constructorServices = instance.constructorParams.filter(
        (param): param is PlanServiceNode => !('isNoParam' in param), // a parameter left for the class to fill
      );
      // values(), not instanceof Map: inversify may run in another realm than this module (a jest or vm context).
      return [...constructorServices, ...instance.propertyParams.values()];
    }
    case 'ResolvedValue':
      return (node as ResolvedValueBindingNode).params;
    case 'ServiceRedirection':
      return [(node as PlanServiceRedirectionBindingNode).redirection];
    default:
      return [];
  }
}
