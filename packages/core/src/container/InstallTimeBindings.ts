import type { ServiceIdentifier } from 'inversify';
import { ConfigurationError } from '../errors/ConfigurationError';
import { bindingIds, type ContainerBindings } from './bindingIds';

/**
 * The bindings the engine was built from when flowcache was installed (settings, logger, memory tier, the engine
 * itself). The engine cannot take another one afterwards, so a binding added or replaced later would be ignored;
 * `check` refuses it instead, when the next service with tasks is resolved.
 */
export class InstallTimeBindings {
  private readonly installed: ReadonlyArray<readonly [name: string, token: ServiceIdentifier, bindings: string]>;

  constructor(
    private readonly bindings: ContainerBindings,
    tokens: Readonly<Record<string, ServiceIdentifier>>,
  ) {
    this.installed = Object.entries(tokens).map(([name, token]) => [name, token, bindingIds(bindings, token)] as const);
  }

  /** Throws `ConfigurationError` naming the first token whose bindings changed since installing. */
  check(): void {
    for (const [name, token, bindings] of this.installed) {
      if (bindingIds(this.bindings, token) === bindings) continue;
      throw new ConfigurationError(
        `${name} was bound, rebound or unbound after flowcache was installed in this container, but the engine was ` +
          `built with the binding it had then and cannot follow the change. Bind ${name} before installFlowcache ` +
          '(or container.register(FlowcachePlugin)), or pass settings and logger as install options',
      );
    }
  }
}
