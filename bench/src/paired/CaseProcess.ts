import { type ChildProcess, fork } from 'node:child_process';
import path from 'node:path';
import type { CaseReference } from './BatchCase';
import type { BatchTiming } from './BatchTiming';
import type { ParentMessage, WorkerMessage } from './messages';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const WORKER = path.join(__dirname, 'caseWorker.ts');
const REGISTER = path.join(ROOT, 'test', 'support', 'registerTypeScript.js');

/** A competitor in a process of its own, running one batch at a time when asked. */
export class CaseProcess {
  private constructor(
    private readonly child: ChildProcess,
    private readonly reference: CaseReference,
  ) {}

  static async start(reference: CaseReference): Promise<CaseProcess> {
    const child = fork(WORKER, [reference.module, reference.name], {
      cwd: ROOT,
      execArgv: ['--expose-gc', '--openssl-legacy-provider', '-r', REGISTER],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const started = new CaseProcess(child, reference);
    await started.next('ready');
    return started;
  }

  async batch(count: number): Promise<BatchTiming> {
    const answer = this.next('timing');
    this.child.send({ kind: 'batch', count } satisfies ParentMessage);
    const message = await answer;
    return (message as Extract<WorkerMessage, { kind: 'timing' }>).timing;
  }

  /** Closes the case (its checks may throw) and returns its note. */
  async close(): Promise<string | undefined> {
    if (!this.child.connected) return undefined;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    const answer = this.next('closed');
    this.child.send({ kind: 'close' } satisfies ParentMessage);
    const message = await answer;
    await exited;
    return (message as Extract<WorkerMessage, { kind: 'closed' }>).note;
  }

  /** Stops the process without asking (after a failure elsewhere). */
  kill(): void {
    this.child.kill();
  }

  private next(kind: WorkerMessage['kind']): Promise<WorkerMessage> {
    return new Promise((resolve, reject) => {
      const onExit = (code: number | null) =>
        reject(new Error(`case ${this.reference.name} exited (code ${code}) before answering`));
      this.child.once('exit', onExit);
      this.child.once('message', (message: WorkerMessage) => {
        this.child.off('exit', onExit);
        if (message.kind === 'failed') reject(new Error(`case ${this.reference.name} failed:\n${message.message}`));
        else if (message.kind !== kind)
          reject(new Error(`case ${this.reference.name} sent ${message.kind}, not ${kind}`));
        else resolve(message);
      });
    });
  }
}
