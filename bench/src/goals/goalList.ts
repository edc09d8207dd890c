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
const persistedMiss = inFile('persistedMissCases.ts');
const coldFileHit = inFile('coldFileHitCases.ts');
const s3 = inFile('s3Cases.ts');

/** The goals of issue 18, in its order; each is measured in processes of its own. */
export const GOALS: readonly GoalSpec[] = [
  {
    text:
      '1. hit inside a @Flow (run history on, @Task() default policy; per call of 10 000-call runs, the first a ' +
      'miss) ≤ 0.07 × @type-cacheable/core + lru-cache hit',
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
    text:
      '3. persisted miss (taskInputHash, file storage, fresh key, engine.flush() timed) ≤ 1.3 × a Map memo + ' +
      'atomic JSON write (fs.promises writeFile temp, rename)',
    ours: persistedMiss('flowcachePersistedMiss'),
    theirs: persistedMiss('mapMemoAtomicJsonWrite'),
    clock: 'wall',
    limit: { atMost: 1.3 },
  },
  {
    text: '4a. cold file hit, default settings, memory tier cleared, 50 rows ≤ 1.5 × fs.readFileSync + JSON.parse',
    ours: coldFileHit('coldFileHit50Rows'),
    theirs: coldFileHit('readFileAndParse50Rows'),
    clock: 'wall',
    limit: { atMost: 1.5 },
  },
  {
    text: '4b. cold file hit, default settings, memory tier cleared, 10 000 rows ≤ 1.5 × fs.readFileSync + JSON.parse',
    ours: coldFileHit('coldFileHit10000Rows'),
    theirs: coldFileHit('readFileAndParse10000Rows'),
    clock: 'wall',
    limit: { atMost: 1.5 },
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
  {
    text: '6a. cold S3 hit (s3rver, memory tier cleared) ≤ 1.2 × the raw SDK GetObject + JSON.parse',
    ours: s3('flowcacheS3Hit'),
    theirs: s3('rawSdkS3Get'),
    clock: 'wall',
    limit: { atMost: 1.2 },
  },
  {
    text: '6b. S3 miss (s3rver, fresh key, engine.flush() timed) ≤ 1.2 × the raw SDK GetObject (404) + PutObject',
    ours: s3('flowcacheS3Miss'),
    theirs: s3('rawSdkS3GetPut'),
    clock: 'wall',
    limit: { atMost: 1.2 },
  },
];
