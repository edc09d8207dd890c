import type { TaskRunContext } from '../context/runs';
import { CachePolicy } from './CachePolicy';

/**
 * The call's arguments, all or all but some. Arguments can be left out by parameter name (read from the
 * method's signature) or by position. A left-out argument never changes the key, wherever it sits. A call with
 * no arguments (after leaving out) gives no part, as in Prefect: INPUTS alone never caches a no-argument task.
 */
export class Inputs extends CachePolicy {
  readonly name = 'inputs';

  constructor(readonly excluded: readonly (string | number)[] = []) {
    super();
  }

  keyPart(context: TaskRunContext, args: readonly unknown[]): readonly unknown[] | undefined {
    const kept = this.keptArguments(context, args);
    return kept.length === 0 ? undefined : kept;
  }

  override explainPart(context: TaskRunContext, args: readonly unknown[]): Record<string, unknown> | undefined {
    const kept = this.keptArguments(context, args);
    if (kept.length === 0) return undefined;
    const names = context.task.parameterNames;
    const parts: Record<string, unknown> = {};
    kept.forEach((value, index) => {
      if (!this.isExcluded(names, index)) parts[`inputs.${names[index] ?? `arg${index}`}`] = value;
    });
    return parts;
  }

  /** @internal */
  override withoutParameters(parameters: readonly (string | number)[]): Inputs {
    return new Inputs([...this.excluded, ...parameters]);
  }

  /** @internal */
  override mergeWith(other: CachePolicy): Inputs {
    return other instanceof Inputs ? this.withoutParameters(other.excluded) : this;
  }

  override toString(): string {
    return this.excluded.length === 0 ? 'inputs' : `inputs without ${this.excluded.join(', ')}`;
  }

  // Left-out arguments become undefined, and trailing undefined arguments are dropped, so `load(1)`,
  // `load(1, undefined)` and `load(1, <left out>)` share a key, as default parameters treat them alike.
  private keptArguments(context: TaskRunContext, args: readonly unknown[]): readonly unknown[] {
    // The common case, every argument kept and the last one defined, is keyed as it is: no copy on a hit.
    if (this.excluded.length === 0 && (args.length === 0 || args[args.length - 1] !== undefined)) return args;
    const names = context.task.parameterNames;
    const kept = args.map((value, index) => (this.isExcluded(names, index) ? undefined : value));
    while (kept.length > 0 && kept[kept.length - 1] === undefined) kept.pop();
    return kept;
  }

  private isExcluded(names: readonly string[], index: number): boolean {
    return this.excluded.length > 0 && (this.excluded.includes(index) || this.excluded.includes(names[index]));
  }
}
