import { newRunId } from '../src/context/runIds';

describe('run ids', () => {
  it('are version 8 UUIDs, all different', () => {
    const ids = Array.from({ length: 10_000 }, () => newRunId());
    for (const id of ids.slice(0, 100)) {
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
    expect(new Set(ids).size).toBe(ids.length);
  });
});
