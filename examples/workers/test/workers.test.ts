import { join } from 'node:path';
import { main } from '../src/main';

// The tests run the worker's TypeScript source, as jest does, instead of the build.
const worker = {
  script: join(__dirname, '..', 'src', 'worker.ts'),
  nodeArguments: ['-r', join(__dirname, '..', '..', '..', 'test', 'support', 'registerTypeScript.js')],
};

describe('the workers example', () => {
  it('runs the SERIALIZABLE body once across 4 processes, and every worker gets its value', async () => {
    const lines: string[] = [];
    const { workers, executions } = await main((line) => lines.push(line), worker);
    expect(executions).toBe(1);
    expect(workers).toHaveLength(4);
    expect(new Set(workers.map((report) => report.model)).size).toBe(1);
    expect(new Set(workers.map((report) => report.pid)).size).toBe(4);
    const trainer = workers.find((report) => report.state === 'Completed');
    expect(trainer?.model).toBe(`model(sales) trained by ${trainer?.pid}`);
    expect(workers.filter((report) => report.state === 'Cached')).toHaveLength(3);
    expect(lines).toHaveLength(6);
    expect(lines[5]).toMatch(/^the body ran 1 time\(s\) in 4 processes; all got the same value \(\d+ ms in all\)$/);
  }, 60_000);
});
