import { execFile } from 'node:child_process';
import path from 'node:path';
import { startS3rver } from '../../../packages/storage-s3/test/support/s3rverFixture';
import { makeTemporaryDirectory, removeDirectory } from '../../../test/support/temporaryDirectory';

const CLIENT = path.join(__dirname, 'bigResultClient.ts');
const REGISTER = path.join(__dirname, '..', '..', '..', 'test', 'support', 'registerTypeScript.js');
const MB = 1024 * 1024;
/** The result's size: 1 GiB, or `FLOWCACHE_BENCH_BIG_BYTES`. */
const SIZE = Number(process.env.FLOWCACHE_BENCH_BIG_BYTES ?? 1024 * MB);
/** The most memory persisting a result may take beyond the result itself (issue 19). */
const GOAL_BYTES = 64 * 1000 * 1000;

interface ClientFigures {
  readonly rssBefore: number;
  readonly peakRss: number;
  readonly ms: number;
}

/**
 * A Buffer result of 1 GiB persisted by a task and read back by another process, on files and on s3rver: the
 * peak RSS each client process reached beyond its RSS before the operation (the result included, when it was
 * in memory before). Each operation runs in a process of its own (the kernel's high-water mark is per process);
 * s3rver runs in this process, so its memory is not counted. `joined` persists through a storage without
 * `putStream`, which gets the whole record in one buffer: the cost streaming avoids.
 */
export async function benchBigResults(): Promise<void> {
  console.log(`\nBig results: a ${(SIZE / MB).toFixed(0)} MiB Buffer persisted and read back (peak RSS of the client)`);
  console.log('  storage  operation     time     peak RSS over RSS before   beyond the value   goal (≤ 64 MB beyond)');
  const directory = await makeTemporaryDirectory('bench-big');
  const s3 = await startS3rver({ bucket: 'flowcache-bench-big' });
  try {
    const targets = [
      { name: 'files', kind: 'file', location: path.join(directory, 'store') },
      { name: 's3rver', kind: 's3', location: s3.endpoint },
    ];
    for (const { name, kind, location } of targets) {
      for (const operation of ['write', 'read', 'write-joined'] as const) {
        const figures = await runClient([operation, kind, location, s3.bucket, String(SIZE)]);
        const extra = figures.peakRss - figures.rssBefore;
        // A write starts with the value in memory; a read ends with it.
        const beyond = operation === 'read' ? extra - SIZE : extra;
        const goal = operation === 'write-joined' ? '(no putStream)' : beyond <= GOAL_BYTES ? 'met' : 'short';
        console.log(
          `  ${name.padEnd(7)}  ${operation.padEnd(12)}  ${`${(figures.ms / 1000).toFixed(1)} s`.padStart(6)}  ` +
            `${`${(extra / MB).toFixed(0)} MiB`.padStart(25)}  ` +
            `${`${(beyond / MB).toFixed(0)} MiB`.padStart(17)}  ${goal}`,
        );
      }
    }
  } finally {
    await s3.close();
    await removeDirectory(directory);
  }
}

function runClient(args: readonly string[]): Promise<ClientFigures> {
  return new Promise((resolve, reject) => {
    const options = { maxBuffer: 1024 * 1024, timeout: 15 * 60_000 };
    execFile(process.execPath, ['--expose-gc', '-r', REGISTER, CLIENT, ...args], options, (error, stdout, stderr) => {
      if (error !== null) reject(new Error(`the big-results client failed: ${stderr || error.message}`));
      else resolve(JSON.parse(stdout.trim().split('\n').pop()!) as ClientFigures);
    });
  });
}
