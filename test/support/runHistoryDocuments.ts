/** The smallest run-history document of a completed flow run, without its id and subflows. */
export const MINIMAL_RUN = {
  formatVersion: 1,
  flowName: 'F',
  state: 'Completed',
  parameters: {},
  startedAt: '2026-01-01T00:00:00.000Z',
  endedAt: '2026-01-01T00:00:01.000Z',
  durationMs: 1,
  attempts: 1,
  error: null,
  taskRuns: [],
};

/**
 * A run-history document whose subflows nest `depth` deep, the innermost with the id `leaf`: built as text, since
 * a value that deep could not be built by `JSON.stringify` of an object.
 */
export function nestedRunHistory(flowRunId: string, depth: number): Buffer {
  const { formatVersion: _version, ...subflow } = { ...MINIMAL_RUN, flowRunId: 'd' };
  const open = `${JSON.stringify(subflow).slice(0, -1)},"subflows":[`;
  const leaf = JSON.stringify({ ...subflow, flowRunId: 'leaf', subflows: [] });
  const head = `${JSON.stringify({ ...MINIMAL_RUN, flowRunId }).slice(0, -1)},"subflows":[`;
  return Buffer.from(`${head}${open.repeat(depth)}${leaf}${']}'.repeat(depth)}]}`);
}
