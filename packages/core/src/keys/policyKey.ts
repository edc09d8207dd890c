import type { TaskRunContext } from '../context/runs';
import type { CachePolicy } from '../policies/CachePolicy';
import { encodeRoot } from './encodeValue';
import { POLICY_KEY_FORMAT } from './keyFormat';
import { stableHash } from './stableHash';
import { acquireWriter, releaseWriter } from './writerPool';

/** One named ingredient of a key and its digest, as `explainKey` and miss reports show it. */
export interface KeyComponent {
  /** `taskSource`, `runId`, `inputs.<parameter>`, `flowParameters.<parameter>`, or a custom policy's name. */
  readonly name: string;
  readonly digest: string;
}

/** The key a policy gives a call: the hash of each member's name and part; `undefined` when no member has one. */
export function policyKey(policy: CachePolicy, context: TaskRunContext, args: readonly unknown[]): string | undefined {
  const writer = acquireWriter();
  try {
    writer.string(POLICY_KEY_FORMAT);
    let parts = 0;
    for (const member of policy.members) {
      const part = member.keyPart(context, args);
      if (part === undefined) continue;
      parts++;
      writer.string(member.name);
      encodeRoot(writer, part, { ancestors: [], path: [member.name === 'inputs' ? 'args' : member.name] });
    }
    return parts === 0 ? undefined : writer.keyDigest();
  } finally {
    releaseWriter(writer);
  }
}

/** The policy's parts of a call, each named and hashed on its own, so two calls can be compared part by part. */
export function keyComponents(policy: CachePolicy, context: TaskRunContext, args: readonly unknown[]): KeyComponent[] {
  const components: KeyComponent[] = [];
  for (const member of policy.members) {
    const parts = member.explainPart(context, args);
    if (parts === undefined) continue;
    for (const [name, value] of Object.entries(parts)) components.push({ name, digest: stableHash(value, name) });
  }
  return components;
}

/** Names of the components that differ between two calls (added, removed or changed). */
export function changedComponents(previous: readonly KeyComponent[], current: readonly KeyComponent[]): string[] {
  const before = new Map(previous.map((component) => [component.name, component.digest]));
  const after = new Map(current.map((component) => [component.name, component.digest]));
  const names = new Set([...before.keys(), ...after.keys()]);
  return [...names].filter((name) => before.get(name) !== after.get(name)).sort();
}
