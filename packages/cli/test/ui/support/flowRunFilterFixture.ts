import { Engine, type ResultStorage } from '@flowcache/core';
import { plantFlowRuns, type PlantedFlowRun } from './plantedFlowRuns';
import { BOLD_NOTE, Warehouse } from './warehouse';

const HOUR = 3_600_000;

/** A flow name that would run script if a page inserted it as markup. */
export const HOSTILE_FLOW = '"><img src=x onerror="window.__pwned=3">';
/** Runs of `Planted.nightly` planted: one every hour, half an hour off the hour (margins for "10h"-style periods). */
export const NIGHTLY_RUNS = 30;

/**
 * A run history to filter, relative to `now` (pass the same to the UI server): two real `Warehouse.restock` runs
 * (started at `now` or just after, `note` = BOLD_NOTE); `Planted.nightly` started 0.5, 1.5 … 29.5 hours before
 * `now`, `region` 'north' for even hours and 'south' for odd ones, every fifth Failed; a run of a flow named
 * HOSTILE_FLOW 2 days before. With `others`, that many `Other.flow` runs 3 days before and one `Rare.flow` run 5
 * days before: past the runs one page of the inspector reads.
 */
export async function fillFilterFixture(storage: ResultStorage, now: number, others = 0): Promise<void> {
  const warehouse = new Engine({ storage }).attach(new Warehouse({ price: 0, label: 0 }));
  await warehouse.restock(['apple'], BOLD_NOTE);
  await warehouse.restock(['pear'], 'plain');
  const runs: PlantedFlowRun[] = Array.from({ length: NIGHTLY_RUNS }, (_, hour) => ({
    flowRunId: `nightly-${hour}`,
    flowName: 'Planted.nightly',
    state: hour % 5 === 4 ? 'Failed' : 'Completed',
    parameters: { region: hour % 2 === 0 ? "'north'" : "'south'" },
    startedAt: new Date(now - (hour + 0.5) * HOUR),
  }));
  runs.push({ flowRunId: 'hostile', flowName: HOSTILE_FLOW, startedAt: new Date(now - 48 * HOUR) });
  for (let index = 0; index < others; index++)
    runs.push({ flowRunId: `other-${index}`, flowName: 'Other.flow', startedAt: new Date(now - 72 * HOUR - index) });
  if (others > 0) runs.push({ flowRunId: 'rare', flowName: 'Rare.flow', startedAt: new Date(now - 120 * HOUR) });
  await plantFlowRuns(storage, runs);
}
