import type { TaskRunContext } from '../context/runs';

/**
 * One ingredient of a cache key. A policy gives its part of the key for a call (any hashable value, or
 * `undefined` when it has nothing to add there, like FLOW_PARAMETERS outside a flow); the key is the hash of
 * all parts. Combine policies with `a.add(b)` or `compose(a, b)`: composition is commutative (parts are ordered
 * by policy name), `NONE` is its identity, and a policy added twice counts once.
 */
export abstract class CachePolicy {
  /** Names the part in explanations and fixes its place in a composed key. */
  abstract readonly name: string;

  /** This policy's part of the key for one call: a hashable value, or `undefined` for none. */
  abstract keyPart(context: TaskRunContext, args: readonly unknown[]): unknown;

  /** The part split into named pieces for `explainKey` and miss reports (INPUTS: one per parameter). */
  explainPart(context: TaskRunContext, args: readonly unknown[]): Record<string, unknown> | undefined {
    const part = this.keyPart(context, args);
    return part === undefined ? undefined : { [this.name]: part };
  }

  /** The single policies this one is made of, in canonical order. */
  get members(): readonly CachePolicy[] {
    return [this];
  }

  /** This policy combined with others (see the class description). */
  add(...others: CachePolicy[]): CachePolicy {
    return compose(this, ...others);
  }

  /**
   * This policy with the named (or numbered, from 0) arguments left out of its INPUTS part. A policy without
   * INPUTS is returned unchanged.
   */
  without(...parameters: (string | number)[]): CachePolicy {
    return compose(...this.members.map((member) => member.withoutParameters(parameters)));
  }

  /** @internal Single policies other than INPUTS ignore parameter exclusions. */
  withoutParameters(_parameters: readonly (string | number)[]): CachePolicy {
    return this;
  }

  /** @internal Two INPUTS policies merge into one; others are deduplicated by name. */
  mergeWith(_other: CachePolicy): CachePolicy {
    return this;
  }

  toString(): string {
    return this.members.map((member) => member.name).join(' + ') || 'none';
  }
}

/** Several policies as one key; built by `compose` and `add`, never directly. */
class ComposedPolicy extends CachePolicy {
  readonly name: string;

  constructor(readonly parts: readonly CachePolicy[]) {
    super();
    this.name = parts.map((part) => part.name).join(' + ');
  }

  override get members(): readonly CachePolicy[] {
    return this.parts;
  }

  // The engine reads the members one by one; this is for callers who treat a composition as one policy.
  keyPart(context: TaskRunContext, args: readonly unknown[]): unknown {
    const parts = this.parts
      .map((member) => [member.name, member.keyPart(context, args)] as const)
      .filter(([, part]) => part !== undefined);
    return parts.length === 0 ? undefined : parts;
  }
}

/** The policies combined into one: flattened, merged by name, ordered by name. `compose()` is NONE. */
export function compose(...policies: CachePolicy[]): CachePolicy {
  const byName = new Map<string, CachePolicy>();
  for (const member of policies.flatMap((policy) => policy.members)) {
    const existing = byName.get(member.name);
    byName.set(member.name, existing === undefined ? member : existing.mergeWith(member));
  }
  const members = [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (members.length === 1) return members[0];
  return new ComposedPolicy(members);
}
