import path from 'node:path';
import type { CaseReference } from '../paired/BatchCase';
import type { GoalSpec } from './GoalSpec';

function inFile(file: string): (name: string) => CaseReference {
  return (name) => ({ module: path.join(__dirname, file), name });
}

const flowHit = inFile('flowHitCases.ts');
const containerHit = inFile('containerHitCases.ts');
const typeCacheable = inFile('typeCacheableCases.ts');
const hashing = inFile('hashingCases.ts');

/** The goals of issue 18, in its order; each is measured in processes of its own. */
export const GOALS: readonly GoalSpec[] = [
  {
    text: '1. hit inside a @Flow, run history on, @Task() default policy ≤ 0.07 × @type-cacheable/core + lru-cache hit',
    ours: flowHit('flowcacheHitInFlow'),
    theirs: typeCacheable('typeCacheableStringHit'),
    clock: 'cpu',
    limit: { atMost: 0.07 },
  },
  {
    text:
      '2. memory hit, object argument built per call, taskInputHash, container-resolved service ' +
      '≤ 0.07 × type-cacheable',
    ours: containerHit('flowcacheContainerObjectHit'),
    theirs: typeCacheable('typeCacheableObjectHit'),
    clock: 'cpu',
    limit: { atMost: 0.07 },
  },
  {
    text: '5a. stableHash of distinct small DTOs ≤ 1.0 × ohash hash()',
    ours: hashing('stableHashSmallDtos'),
    theirs: hashing('ohashSmallDtos'),
    clock: 'cpu',
    limit: { atMost: 1 },
  },
  {
    text: '5b. stableHash of a 40-entry Map of Date + Set values ≤ 1.0 × ohash hash()',
    ours: hashing('stableHashDateSetMaps'),
    theirs: hashing('ohashDateSetMaps'),
    clock: 'cpu',
    limit: { atMost: 1 },
  },
  {
    text: '5c. stableHash of 10 000 rows ≤ 1.0 × JSON.stringify + sha256',
    ours: hashing('stableHashRows'),
    theirs: hashing('stringifySha256Rows'),
    clock: 'cpu',
    limit: { atMost: 1 },
  },
  {
    text: '5d. stableHash of a 10 MiB Buffer ≥ 90 % of raw sha256 throughput',
    ours: hashing('stableHashBuffer'),
    theirs: hashing('sha256Buffer'),
    clock: 'cpu',
    limit: { atLeast: 0.9 },
  },
  {
    text: '5e. stableHash of a 10 MiB Float64Array ≥ 90 % of raw sha256 throughput',
    ours: hashing('stableHashFloat64Array'),
    theirs: hashing('sha256Float64Array'),
    clock: 'cpu',
    limit: { atLeast: 0.9 },
  },
];
