import { createHash } from 'node:crypto';
import { stableHash } from '@flowcache/core';
import { hash as ohash } from 'ohash';
import { type BatchCase, eachSync } from '../paired/BatchCase';
import { TEN_MIB, makeBuffer, makeDateSetMaps, makeFloat64Array, makeRows, makeSmallDtos } from './hashingInputs';

// Keys are written here so that no hash computation is dead code.
// biome-ignore lint/correctness/noUnusedVariables: written only, on purpose
let sink: unknown;

/** A batch that keys the next value of `pool` per operation, cycling. */
function cycling<T>(pool: readonly T[], key: (value: T) => unknown): BatchCase {
  let next = 0;
  return {
    run: eachSync(() => {
      sink = key(pool[next]);
      next = next + 1 === pool.length ? 0 : next + 1;
    }),
  };
}

function sha256(bytes: string | NodeJS.ArrayBufferView): string {
  return createHash('sha256').update(bytes).digest('hex');
}

const SMALL_DTOS = 20_000;
const DATE_SET_MAPS = 5_000;

export const stableHashSmallDtos = () => cycling(makeSmallDtos(SMALL_DTOS), stableHash);
export const ohashSmallDtos = () => cycling(makeSmallDtos(SMALL_DTOS), ohash);
export const stableHashDateSetMaps = () => cycling(makeDateSetMaps(DATE_SET_MAPS), stableHash);
export const ohashDateSetMaps = () => cycling(makeDateSetMaps(DATE_SET_MAPS), ohash);
export const stableHashRows = () => cycling([makeRows(10_000)], stableHash);
export const stringifySha256Rows = () => cycling([makeRows(10_000)], (rows) => sha256(JSON.stringify(rows)));
export const stableHashBuffer = () => cycling([makeBuffer(TEN_MIB)], stableHash);
export const sha256Buffer = () => cycling([makeBuffer(TEN_MIB)], sha256);
export const stableHashFloat64Array = () => cycling([makeFloat64Array(TEN_MIB / 8)], stableHash);
export const sha256Float64Array = () => cycling([makeFloat64Array(TEN_MIB / 8)], sha256);
