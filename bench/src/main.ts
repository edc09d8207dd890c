import { benchHitLatency } from './hitLatency';

async function main(): Promise<void> {
  console.log(`flowcache benchmarks — node ${process.version}, ${process.platform}/${process.arch}`);
  await benchHitLatency();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
