import { describe, expect, it } from '@jest/globals';
import { LISTED_OBJECTS, SeenObjects } from '../../src/cache/SeenObjects';

describe('SeenObjects', () => {
  it('notes each object once, in the list and after the Set took over', () => {
    const seen = new SeenObjects();
    const objects = Array.from({ length: 3 * LISTED_OBJECTS }, (_, id) => ({ id }));
    for (const [index, object] of objects.entries()) {
      expect({ index, first: seen.add(object) }).toEqual({ index, first: true });
      // Every object noted so far, the listed ones included, is known once the Set holds the later ones.
      expect({ index, again: seen.add(objects[Math.floor(index / 2)]) }).toEqual({ index, again: false });
    }
    expect(seen.add({ id: 0 })).toBe(true);
  });
});
