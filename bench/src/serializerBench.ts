import { deserialize, serialize } from 'node:v8';
import { jsonSerializer, v8Serializer, type Serializer } from '@flowcache/core';
import { measureInterleaved, type Case } from './measure';

/** One input: the value and how many round trips make one measured batch (about 20 ms). */
interface RoundTripInput {
  readonly title: string;
  readonly value: unknown;
  readonly opsPerRound: number;
}

const ROUNDS = 11;

/**
 * What it costs flowcache's serializers to keep their promise (a value comes back exactly as it was, or the write
 * is refused): a round trip (serialize, then deserialize) with the `json` and `v8` serializers against the plain
 * calls they build on, interleaved in this process. The plain calls check nothing: `JSON.stringify` turns a Date
 * into a string and drops `undefined`, `v8.serialize` turns class instances into plain objects.
 */
export async function benchSerializers(): Promise<void> {
  console.log('\nSerializer round trip (serialize + deserialize) against the plain calls underneath');
  console.log(
    `  (median of ${ROUNDS} interleaved rounds; the plain calls do not check that a value comes back as it was)`,
  );
  const inputs: RoundTripInput[] = [
    { title: '10 000 rows of { id, name, amount, region }', value: makeRows(10_000), opsPerRound: 4 },
    { title: 'array of 1 000 000 numbers', value: makeNumbers(1_000_000), opsPerRound: 1 },
    { title: 'Float64Array of 1 000 000 elements', value: new Float64Array(makeNumbers(1_000_000)), opsPerRound: 4 },
  ];
  for (const input of inputs) {
    const cases: Case[] = [
      roundTrip('flowcache json', jsonSerializer, input.value),
      { name: 'JSON.stringify + JSON.parse', run: () => JSON.parse(JSON.stringify(input.value)) as unknown },
      roundTrip('flowcache v8', v8Serializer, input.value),
      { name: 'v8.serialize + v8.deserialize', run: () => deserialize(serialize(input.value)) as unknown },
    ];
    const results = await measureInterleaved(cases, { rounds: ROUNDS, opsPerRound: input.opsPerRound });
    const byName = new Map(results.map((result) => [result.name, result.nsPerOp]));
    console.log(`\n${input.title}`);
    for (const result of results)
      console.log(`  ${result.name.padEnd(32)} ${(result.nsPerOp / 1e6).toFixed(2).padStart(9)} ms`);
    const ratio = (ours: string, plain: string) => (byName.get(ours)! / byName.get(plain)!).toFixed(2);
    console.log(
      `  flowcache json / plain JSON: ${ratio('flowcache json', 'JSON.stringify + JSON.parse')} ×; ` +
        `flowcache v8 / plain v8: ${ratio('flowcache v8', 'v8.serialize + v8.deserialize')} ×`,
    );
  }
  console.log('  no goal: printed to show the price of refusing what would not come back as it was');
}

function roundTrip(name: string, serializer: Serializer, value: unknown): Case {
  return { name, run: () => serializer.deserialize(serializer.serialize(value)) };
}

function makeRows(count: number): { id: number; name: string; amount: number; region: string }[] {
  return Array.from({ length: count }, (_, id) => ({
    id,
    name: `customer ${id}`,
    amount: (id * 37) % 1000,
    region: id % 2 ? 'eu' : 'us',
  }));
}

function makeNumbers(count: number): number[] {
  return Array.from({ length: count }, (_, index) => (index * 7919) % 10_007);
}
