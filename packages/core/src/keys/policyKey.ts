import type { TaskRunContext } from '../context/runs';
import type { CachePolicy } from '../policies/CachePolicy';
import { Inputs } from '../policies/Inputs';
import { encodeOwnArray, encodeRoot } from './encodeValue';
import { POLICY_KEY_FORMAT } from './keyFormat';
import { stableHash } from './stableHash';
import type { HashWriter } from './HashWriter';
import { Tag } from './valueTags';
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
    writer.append(FORMAT_BYTES, 0, FORMAT_BYTES.length);
    let parts = 0;
    for (const member of policy.members) {
      const part = member.keyPart(context, args);
      if (part === undefined) continue;
      parts++;
      if (typeof part === 'string' && part.length <= MAX_REMEMBERED_LENGTH) {
        const encoded = encodedStringPart(member.name, part);
        writer.append(encoded, 0, encoded.length);
        continue;
      }
      writer.string(member.name);
      // INPUTS itself (not a subclass, whose part could be any array) gives the call's arguments, an array made by
      // flowcache: encoded without the checks of an array it was given.
      if (member.constructor === Inputs)
        encodeOwnArray(writer, part as readonly unknown[], { ancestors: [], path: ['args'] });
      else encodeRoot(writer, part, { ancestors: [], path: [member.name] });
    }
    return parts === 0 ? undefined : writer.keyDigest();
  } finally {
    releaseWriter(writer);
  }
}

// The parts that are strings (the task's identity, the flow run's id) are the same call after call: their bytes,
// member name included, are encoded once and copied afterwards, which is most of what a hit's key writes. They
// are remembered by content, so a part can only ever be given its own bytes.
const MAX_REMEMBERED_LENGTH = 256;
const MAX_REMEMBERED_PARTS = 256;
const encodedStringParts = new Map<string, Map<string, Uint8Array>>();

function encodedStringPart(name: string, part: string): Uint8Array {
  let byPart = encodedStringParts.get(name);
  if (byPart === undefined) encodedStringParts.set(name, (byPart = new Map()));
  let encoded = byPart.get(part);
  if (encoded === undefined) {
    if (byPart.size >= MAX_REMEMBERED_PARTS) byPart.clear();
    encoded = heldBytes((writer) => {
      writer.string(name);
      writer.byte(Tag.String); // as encodeValue writes a string
      writer.string(part);
    });
    byPart.set(part, encoded);
  }
  return encoded;
}

function heldBytes(write: (writer: HashWriter) => void): Uint8Array {
  const writer = acquireWriter();
  try {
    write(writer);
    const bytes = Buffer.allocUnsafeSlow(writer.heldLength()!);
    writer.copyHeldTo(bytes, 0);
    return bytes;
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

/** What every policy key starts with, encoded once. */
const FORMAT_BYTES = heldBytes((writer) => writer.string(POLICY_KEY_FORMAT));
