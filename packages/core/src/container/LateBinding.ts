import type { Container, ServiceIdentifier } from 'inversify';
import { ConfigurationError } from '../errors/ConfigurationError';
import { bindingIds, type ContainerBindings } from './bindingIds';

/** What the engine does with one of its bound defaults, for the error that refuses a change. */
export interface LateBindingUse {
  /** The token's exported name, e.g. `RESULT_STORAGE`. */
  readonly name: string;
  /** When the engine first reads it, a noun phrase, e.g. "the first result persisted". */
  readonly firstUse: string;
  /** What a change after that would do, following "because", e.g. "results would be split between two storages". */
  readonly change: string;
}

/**
 * A default the engine takes from a container binding when it first needs it, so binding the token after
 * installing flowcache works. From that first use on the choice is fixed, the absence of a binding included:
 * a binding added, replaced or removed later is refused with `ConfigurationError` on the next use, instead of
 * being followed for some calls and not for others (results kept in memory, records already written and
 * locks already held all belong to the first choice).
 */
export class LateBinding<T> {
  private first: { readonly bindings: string; readonly value: T | undefined } | undefined;

  constructor(
    private readonly container: Container,
    private readonly bindings: ContainerBindings,
    private readonly token: ServiceIdentifier<T>,
    private readonly use: LateBindingUse,
    /** Checks the bound value once, when it is first read (e.g. a serializer's id). */
    private readonly check: (value: T) => T = (value) => value,
  ) {}

  /** The bound value, or `undefined` when the token was unbound at its first use. */
  current(): T | undefined {
    const bindings = bindingIds(this.bindings, this.token);
    if (this.first === undefined) {
      const value = bindings === '' ? undefined : this.check(this.container.get(this.token));
      this.first = { bindings, value };
    } else if (bindings !== this.first.bindings) {
      throw this.changed(this.first.bindings === '');
    }
    return this.first.value;
  }

  /** Whether the token is bound now, or was at its first use; does not count as a use. */
  isBound(): boolean {
    return (this.first?.bindings ?? bindingIds(this.bindings, this.token)) !== '';
  }

  private changed(wasUnbound: boolean): ConfigurationError {
    const { name, firstUse, change } = this.use;
    const what = wasUnbound
      ? `${name} was bound after flowcache had used its default instead`
      : `${name} was rebound or unbound after flowcache had used it`;
    return new ConfigurationError(
      `${what}. The choice is fixed from its first use (${firstUse}) on, because ${change}. Bind ${name} before ` +
        'that first use (binding it after installFlowcache is fine), or use a new container',
    );
  }
}
