import { CorruptRecordError } from '../errors/CorruptRecordError';
import { DecompressedTooLargeError } from '../errors/DecompressedTooLargeError';
import { ObjectTooLargeError } from '../errors/ObjectTooLargeError';

/** The setting that bounds record sizes, as messages name it. */
export const RECORD_SIZE_SETTING = 'maxRecordBytes (env FLOWCACHE_MAX_RECORD_BYTES)';

/**
 * A record refused for its size (stored, or once decompressed) as a `CorruptRecordError` naming the key, the
 * size and the setting; `undefined` when the error is about something else.
 */
export function oversizeRecordError(key: string, error: unknown): CorruptRecordError | undefined {
  if (error instanceof ObjectTooLargeError) {
    return new CorruptRecordError(
      key,
      `it holds ${error.size} bytes, more than ${RECORD_SIZE_SETTING} allows (${error.maxBytes}); it was not read`,
    );
  }
  if (error instanceof DecompressedTooLargeError) {
    return new CorruptRecordError(
      key,
      `its ${error.serializerId} payload expands to more than ${RECORD_SIZE_SETTING} allows ` +
        `(${error.maxBytes} bytes); decompression stopped there`,
    );
  }
  return undefined;
}
