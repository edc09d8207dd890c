import type { BatchCase } from '../../bench/src/paired/BatchCase';

// Cases for the paired benchmark harness's own tests: each runs in a worker process the harness starts.

let operations = 0;

/** Counts its operations and reports them when closed. */
export function counting(): BatchCase {
  return {
    unit: 7,
    run: (count) => {
      operations += count;
    },
    close: () => `operations: ${operations}, a multiple of 7: ${operations % 7 === 0}`,
  };
}

/** A case whose check fails when closed, as a hit case does when its body ran. */
export function failingCheck(): BatchCase {
  return {
    run: () => undefined,
    close: () => {
      throw new Error('the body ran 3 times, not once');
    },
  };
}
