/** The inputs of the hashing goals, generated the same way in every process (a seeded generator). */

/** A small DTO, the kind a service method takes. */
export interface SmallDto {
  readonly day: string;
  readonly region: string;
  readonly limit: number;
  readonly tags: readonly string[];
}

/**
 * Distinct small DTOs, more than the digests stableHash remembers (4096), so that every call hashes: the figure
 * is a key computed for a new argument, not a memo lookup.
 */
export function makeSmallDtos(count: number): SmallDto[] {
  const regions = ['eu', 'us', 'apac', 'latam'];
  return Array.from({ length: count }, (_, index) => ({
    day: new Date(Date.UTC(2026, 10, 26) - (index % 365) * 86_400_000).toISOString().slice(0, 10),
    region: regions[Math.floor(index / 365) % regions.length],
    limit: 100 + Math.floor(index / (365 * regions.length)),
    tags: ['a', 'b'],
  }));
}

/** Distinct 40-entry Maps whose values are, in turn, a Date and a Set of strings. */
export function makeDateSetMaps(count: number): Map<string, Date | Set<string>>[] {
  const start = Date.UTC(2026, 0, 1);
  return Array.from(
    { length: count },
    (_, map) =>
      new Map(
        Array.from({ length: 40 }, (_, entry): [string, Date | Set<string>] => [
          `entry-${entry}`,
          entry % 2 === 0 ? new Date(start + (map * 40 + entry) * 60_000) : new Set([`tag-${map}`, `tag-${entry}`]),
        ]),
      ),
  );
}

export interface Row {
  readonly id: number;
  readonly name: string;
  readonly amount: number;
  readonly region: string;
  readonly createdAt: string;
}

export function makeRows(count: number): Row[] {
  const random = lcg(42);
  const names = ['Ada', 'Grace', 'Linus', 'Margaret', 'Ken', 'Barbara', 'Dennis', 'Frances'];
  const regions = ['eu', 'us', 'apac', 'latam'];
  const start = Date.UTC(2026, 0, 1);
  return Array.from({ length: count }, (_, id) => ({
    id,
    name: `${names[random() % names.length]} ${id}`,
    amount: (random() % 1_000_000) / 100 + 0.005,
    region: regions[random() % regions.length],
    createdAt: new Date(start + id * 61_000 + (random() % 1000)).toISOString(),
  }));
}

export const TEN_MIB = 10 * 1024 * 1024;

export function makeBuffer(length: number): Buffer {
  const random = lcg(7);
  const buffer = Buffer.allocUnsafe(length);
  for (let offset = 0; offset < length; offset += 4) buffer.writeUInt32LE(random(), offset);
  return buffer;
}

export function makeFloat64Array(length: number): Float64Array {
  const random = lcg(13);
  const values = new Float64Array(length);
  for (let index = 0; index < length; index++) values[index] = random() / 4096 - 500_000;
  return values;
}

/** A linear congruential generator: the same sequence in every process, unsigned 32-bit values. */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state;
  };
}
