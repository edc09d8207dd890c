/**
 * Turns a task's result into bytes and back. `id` is stored in every record, so a reader picks the same
 * serializer; `describe` adds facts a reader may need (the v8 serializer records the Node version).
 */
export interface Serializer {
  readonly id: string;
  serialize(value: unknown): Uint8Array;
  deserialize(bytes: Uint8Array): unknown;
  describe?(): Readonly<Record<string, string>>;
}
