/** Limits a reader puts on `deserialize`. */
export interface DeserializeOptions {
  /**
   * The most bytes the reader accepts once the payload is decompressed (the `maxRecordBytes` setting): the
   * compressed serializers stop decompressing there and throw `DecompressedTooLargeError`, so a small planted
   * record cannot expand to fill memory. A serializer of your own may ignore it.
   */
  readonly maxBytes?: number;
}

/**
 * Turns a task's result into bytes and back. `id` is stored in every record and a reader checks it: the engine
 * decodes a record only with the serializer the task is configured with. `describe` adds facts a reader may need
 * (the v8 serializer records the Node version).
 */
export interface Serializer {
  readonly id: string;
  serialize(value: unknown): Uint8Array;
  deserialize(bytes: Uint8Array, options?: DeserializeOptions): unknown;
  describe?(): Readonly<Record<string, string>>;
}
