/**
 * Binary data read back from storage in a plain Node process, where (unlike under jest, whose `vm` context makes
 * flowcache copy every value the v8 deserializer builds) Node's deserializer hands its views over as it made them.
 */
import { join } from 'node:path';
import { runTypeScript } from '../../../../test/support/runTypeScript';

it('reads a Buffer and a Float32Array back over an own buffer of exactly its bytes, with json and v8', async () => {
  const { code, stdout, stderr } = await runTypeScript(join(__dirname, 'fixtures', 'viewsReadBack.ts'));
  expect(stderr).toBe('');
  expect(code).toBe(0);
  const ownBuffer = (byteLength: number) => ({ byteOffset: 0, byteLength, bufferByteLength: byteLength });
  expect(JSON.parse(stdout)).toEqual({
    'json Buffer': ownBuffer(3),
    'v8 Buffer': ownBuffer(3),
    'json Float32Array': ownBuffer(12),
    'v8 Float32Array': ownBuffer(12),
  });
});
