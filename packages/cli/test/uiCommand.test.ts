import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { BIN, runCli } from './support/runCli';
import { seedStorage, type SeededStorage } from './support/seedStorage';

// Each test runs the CLI as a child process a few times: about half a second each on a busy machine.
jest.setTimeout(60_000);

/** Starts `flowcache ui ...` and resolves with the process and its first line of stdout (the URL or JSON). */
function startUi(
  args: readonly string[],
): Promise<{ child: ChildProcess; firstLine: string; exited: Promise<number | null>; stderr: () => string }> {
  const env: Record<string, string | undefined> = {
    ...process.env,
    TZ: 'UTC',
    FLOWCACHE_RESULTS_DEFAULT_STORAGE: undefined,
  };
  const child = spawn(process.execPath, [BIN, 'ui', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('\n')) resolve({ child, firstLine: stdout.split('\n')[0], exited, stderr: () => stderr });
    });
    void exited.then((code) => reject(new Error(`flowcache ui exited with ${code} before printing: ${stderr}`)));
  });
}

describe('flowcache ui', () => {
  let seeded: SeededStorage;
  beforeAll(async () => {
    seeded = await seedStorage();
  });
  afterAll(() => seeded.remove());

  it('prints the URL, serves the UI there, and stops cleanly on SIGTERM', async () => {
    const { child, firstLine, exited } = await startUi(['--port', '0', '--storage', seeded.url]);
    expect(firstLine).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const response = await fetch(firstLine);
    expect(response.status).toBe(200);
    await response.text();
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('--json prints the URL as JSON, and SIGINT stops it too', async () => {
    const { child, firstLine, exited } = await startUi([
      '--port',
      '0',
      '--allow-delete',
      '--json',
      '--storage',
      seeded.url,
    ]);
    expect(firstLine).toBe('{');
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  });

  it('exits with 1 when the port is taken, saying to pick another, and with 2 for a port that is no port', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as { port: number };
    try {
      const taken = await runCli(['ui', '--port', String(port), '--storage', seeded.url]);
      expect([taken.code, taken.stdout]).toEqual([1, '']);
      expect(taken.stderr).toBe(
        `flowcache: cannot serve the UI: port ${port} on 127.0.0.1 is ` +
          `taken; pick another --port (or --port 0 for any free port)\n`,
      );
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
    const bad = await runCli(['ui', '--port', '70000', '--storage', seeded.url]);
    expect([bad.code, bad.stdout]).toEqual([2, '']);
  });

  it('warns that anyone on the network can reach a UI listening on all interfaces without --allowed-host', async () => {
    const exposed = await startUi(['--port', '0', '--host', '0.0.0.0', '--allow-delete', '--storage', seeded.url]);
    exposed.child.kill('SIGTERM');
    expect(await exposed.exited).toBe(0);
    expect(exposed.stderr()).toContain(
      'flowcache: warning: the UI listens on 0.0.0.0, so anyone on the network ' +
        'who can reach this port can read every cached value and delete records',
    );

    const named = await startUi([
      '--port',
      '0',
      '--host',
      '0.0.0.0',
      '--allowed-host',
      'cache.example.lan',
      '--storage',
      seeded.url,
    ]);
    named.child.kill('SIGTERM');
    expect(await named.exited).toBe(0);
    expect(named.stderr()).not.toContain('warning');

    const local = await startUi(['--port', '0', '--host', '127.1', '--storage', seeded.url]);
    local.child.kill('SIGTERM');
    expect(await local.exited).toBe(0);
    expect(local.stderr()).not.toContain('warning');
  });

  it('refuses an --allowed-host that is not a host name (exit 2)', async () => {
    for (const bad of ['http://cache.example.lan/', 'cache.example.lan:8080', 'a b']) {
      const result = await runCli(['ui', '--port', '0', '--allowed-host', bad, '--storage', seeded.url]);
      expect([bad, result.code, result.stdout]).toEqual([bad, 2, '']);
      expect(result.stderr).toContain("option '--allowed-host <name>' argument");
    }
  });
});
