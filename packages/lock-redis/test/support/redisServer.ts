import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';

/** A redis-server process of the tests: on 127.0.0.1, a free port, nothing saved to disk. */
export interface RedisServer {
  readonly port: number;
  /** `redis://127.0.0.1:<port>` */
  readonly url: string;
  /** Stops the server (SIGTERM) and waits until its process has exited; stopping twice is fine. */
  stop(): Promise<void>;
}

const EXECUTABLE = 'redis-server';
const READY = 'Ready to accept connections';
const READY_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 5_000;
// Another process may take the free port between finding it and redis-server binding it: then try another.
const START_ATTEMPTS = 3;

/** Why the tests cannot start a server (redis-server is not installed), or `undefined` when they can. */
export function redisServerMissing(): string | undefined {
  const probe = spawnSync(EXECUTABLE, ['--version'], { encoding: 'utf8' });
  if (probe.error === undefined && probe.status === 0) return undefined;
  return (
    `${EXECUTABLE} is not installed or not on the PATH (${probe.error?.message ?? probe.stderr.trim()}): ` +
    'the Redis lock tests run against a real server. Install it: apt-get install -y redis-server'
  );
}

/** Starts a redis-server and resolves once it accepts connections. */
export async function startRedisServer(): Promise<RedisServer> {
  let failure: unknown;
  for (let attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
    try {
      return await startOnPort(await findFreePort());
    } catch (error) {
      failure = error;
    }
  }
  throw failure;
}

async function startOnPort(port: number): Promise<RedisServer> {
  const child = spawn(
    EXECUTABLE,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', tmpdir()],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // Never leave a server behind, even when the test process ends without running its afterAll hooks.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const stop = async () => {
    process.removeListener('exit', killOnExit);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    }
  };
  try {
    await waitUntilReady(child);
  } catch (error) {
    await stop();
    throw error;
  }
  return { port, url: `redis://127.0.0.1:${port}`, stop };
}

function waitUntilReady(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    const finish = (error?: Error) => {
      clearTimeout(timer);
      child.stdout!.removeListener('data', onData);
      child.removeListener('exit', onExit);
      child.removeListener('error', onError);
      // Keep reading the server's log, so that a full pipe never blocks it.
      child.stdout!.resume();
      child.stderr!.resume();
      if (error === undefined) resolve();
      else reject(error);
    };
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (output.includes(READY)) finish();
    };
    const onExit = (code: number | null) =>
      finish(new Error(`redis-server exited (code ${code}) before it was ready:\n${output}`));
    const onError = (error: Error) => finish(error);
    const timer = setTimeout(
      () => finish(new Error(`redis-server was not ready after ${READY_TIMEOUT_MS} ms:\n${output}`)),
      READY_TIMEOUT_MS,
    );
    child.stdout!.on('data', onData);
    child.once('exit', onExit);
    child.once('error', onError);
  });
}

/** A TCP port nobody listens on now: the one the system gives a listener on port 0, closed again. */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}
