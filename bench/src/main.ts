import { benchHitLatency } from './hitLatency';
import { benchKeyThroughput } from './keyThroughput';
import { benchPersistence } from './persistenceBench';

async function main(): Promise<void> {
  console.log(`flowcache benchmarks — node ${process.version}, ${process.platform}/${process.arch}`);
  await benchHitLatency();
  await benchKeyThroughput();
  await benchPersistence();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
