import { FlowcacheError } from './FlowcacheError';

/**
 * A compressed payload that expands past what its reader accepts (`DeserializeOptions.maxBytes`, the
 * `maxRecordBytes` setting): decompression stopped at the limit, so the expanded bytes never filled memory.
 * The engine reads it as a miss, with a warning.
 */
export class DecompressedTooLargeError extends FlowcacheError {
  constructor(
    readonly serializerId: string,
    readonly maxBytes: number,
  ) {
    super(`its ${serializerId} payload expands to more than ${maxBytes} bytes`);
  }
}
