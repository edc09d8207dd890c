import { benchBigResults } from './bigResults/bigResultsBench';
import { benchGoals } from './goals/goalsBench';
import { benchHitLatency } from './hitLatency';
import { benchInspection } from './inspectionBench';
import { benchKeyThroughput } from './keyThroughput';
import { benchLocks } from './lockBench';
import { benchMemory } from './memory/memoryBench';
import { benchPersistence } from './persistenceBench';
import { benchSerializers } from './serializerBench';
import { benchTelemetry } from './telemetryBench';
import { benchTimeline } from './timelineBench';
import { benchUiPages } from './uiPages/uiPagesBench';
import { benchWorkers } from './workersBench';

const SECTIONS: Record<string, () => Promise<unknown>> = {
  goals: benchGoals,
  hits: benchHitLatency,
  keys: benchKeyThroughput,
  persistence: benchPersistence,
  serializers: benchSerializers,
  locks: benchLocks,
  inspection: benchInspection,
  workers: benchWorkers,
  memory: benchMemory,
  telemetry: benchTelemetry,
  bigresults: benchBigResults,
  timeline: benchTimeline,
  ui: benchUiPages,
};

// `npm run bench` runs every section; `npm run bench -- locks hits` runs those only.
async function main(): Promise<void> {
  const asked = process.argv.slice(2);
  const unknown = asked.filter((name) => !(name in SECTIONS));
  if (unknown.length > 0)
    throw new Error(`unknown section ${unknown.join(', ')}; the sections are ${Object.keys(SECTIONS).join(', ')}`);
  console.log(`flowcache benchmarks — node ${process.version}, ${process.platform}/${process.arch}`);
  for (const [name, run] of Object.entries(SECTIONS)) if (asked.length === 0 || asked.includes(name)) await run();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
