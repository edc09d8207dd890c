/**
 * SERIALIZABLE tasks across processes: starts 4 worker processes at once, sharing a FileSystemStorage and a
 * FileSystemLockManager in a temporary directory. One worker trains the model; the others wait for its lock and
 * read its result, so the body runs once and every worker prints the same model.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { WorkerReport } from './worker';

const run = promisify(execFile);

/** How to start a worker: the script, and arguments for node before it (a TypeScript loader in the tests). */
export interface WorkerCommand {
  script: string;
  nodeArguments?: string[];
}

/** What the workers reported, and how often the body ran. */
export interface Summary {
  workers: WorkerReport[];
  /** How many times the task's body ran, in all processes together. */
  executions: number;
}

/** Runs the example; `print` receives each output line. */
export async function main(
  print: (line: string) => void = console.log,
  worker: WorkerCommand = { script: join(__dirname, 'worker.js') },
): Promise<Summary> {
  const shared = await mkdtemp(join(tmpdir(), 'flowcache-workers-'));
  try {
    print(`4 workers sharing ${shared}`);
    const started = performance.now();
    const outputs = await Promise.all(
      [1, 2, 3, 4].map(() => run(process.execPath, [...(worker.nodeArguments ?? []), worker.script, shared])),
    );
    const workers = outputs.map(({ stdout }) => JSON.parse(stdout) as WorkerReport);
    for (const report of workers) {
      print(
        `  worker ${report.pid}: ${report.state.padEnd(9)} in ` +
          `${String(report.milliseconds).padStart(4)} ms → ${report.model}`,
      );
    }
    const executions = (await readFile(join(shared, 'executions.log'), 'utf8')).split('\n').filter(Boolean).length;
    const values = new Set(workers.map((report) => report.model)).size;
    print(
      `the body ran ${executions} time(s) in ${workers.length} processes; ` +
        `${values === 1 ? 'all got the same value' : `${values} different values`}` +
        ` (${(performance.now() - started).toFixed(0)} ms in all)`,
    );
    return { workers, executions };
  } finally {
    await rm(shared, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
