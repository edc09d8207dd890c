/**
 * A GetObject body of announced length is read into one buffer of that length as its chunks arrive: a large record
 * is held once, never as its chunks and then their joined copy.
 */
import { readBody } from '../src/readBody';

/** A body as the SDK gives it in Node: async-iterable chunks (here, all of them in one reused buffer). */
function bodyOf(chunks: () => AsyncGenerator<Uint8Array>) {
  return Object.assign(chunks(), { transformToByteArray: async () => new Uint8Array(0) });
}

describe('readBody', () => {
  it('copies each chunk as it arrives: a stream reusing its buffer between chunks reads back right', async () => {
    const reused = new Uint8Array(4);
    const body = bodyOf(async function* () {
      for (let chunk = 0; chunk < 3; chunk++) {
        reused.fill(chunk + 1);
        yield reused;
      }
    });

    const bytes = await readBody(body, 12);

    expect([...bytes]).toEqual([1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3]);
    expect(bytes.buffer.byteLength).toBe(12);
  });

  it('stops at the first byte past the announced length, and at a body that ends short of it', async () => {
    let chunksRead = 0;
    const longer = bodyOf(async function* () {
      for (let chunk = 0; chunk < 100; chunk++) {
        chunksRead++;
        yield new Uint8Array(4);
      }
    });
    await expect(readBody(longer, 10)).rejects.toMatchObject({ code: 'IncompleteResponseBody' });
    expect(chunksRead).toBe(3);

    const shorter = bodyOf(async function* () {
      yield new Uint8Array(4);
    });
    await expect(readBody(shorter, 10)).rejects.toThrow('the response body had 4 of 10 announced bytes');
  });
});
