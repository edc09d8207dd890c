import type { BatchCase, BatchCaseFactory } from './BatchCase';
import type { BatchTiming } from './BatchTiming';
import type { ParentMessage, WorkerMessage } from './messages';

// The process of one competitor: sets the case up, then runs the batches the parent asks for, one at a time,
// each after a minor GC so that the garbage of the previous batch is not collected inside the next one's timing.

const collectYoung: () => void = (() => {
  const gc = (globalThis as { gc?: (options?: { type: 'minor' | 'major' }) => void }).gc;
  if (gc === undefined) throw new Error('the case worker needs node --expose-gc');
  return () => gc({ type: 'minor' });
})();

function send(message: WorkerMessage): void {
  process.send?.(message);
}

async function timeBatch(entry: BatchCase, asked: number): Promise<BatchTiming> {
  const unit = entry.unit ?? 1;
  const count = Math.ceil(asked / unit) * unit;
  collectYoung();
  const cpuBefore = process.cpuUsage();
  const wallBefore = process.hrtime.bigint();
  await entry.run(count);
  const wallNs = Number(process.hrtime.bigint() - wallBefore);
  const cpu = process.cpuUsage(cpuBefore);
  return { count, cpuNs: (cpu.user + cpu.system) * 1000, wallNs };
}

async function main(): Promise<void> {
  const [modulePath, exportName] = process.argv.slice(2);
  const factory = (require(modulePath) as Record<string, BatchCaseFactory | undefined>)[exportName];
  if (typeof factory !== 'function') throw new Error(`${modulePath} exports no case named ${exportName}`);
  const entry = await factory();
  process.on('message', (message: ParentMessage) => {
    const answer =
      message.kind === 'batch'
        ? timeBatch(entry, message.count).then((timing) => send({ kind: 'timing', timing }))
        : // A check that throws at once still answers as a failure rather than crashing the process.
          Promise.resolve()
            .then(() => entry.close?.())
            .then((note) => {
              send({ kind: 'closed', note });
              process.disconnect();
            });
    answer.catch((error: unknown) => send({ kind: 'failed', message: String((error as Error)?.stack ?? error) }));
  });
  send({ kind: 'ready' });
}

main().catch((error: unknown) => {
  send({ kind: 'failed', message: String((error as Error)?.stack ?? error) });
  process.exitCode = 1;
});
