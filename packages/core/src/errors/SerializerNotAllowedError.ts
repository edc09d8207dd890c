import { CorruptRecordError } from './CorruptRecordError';

/**
 * A record written by a serializer its reader does not decode with: inspection (`CacheInspector.read`, the CLI,
 * the web UI) decodes only with the built-in, code-free serializers (json, v8, their gzip and brotli forms)
 * unless it is given others explicitly, so a planted record cannot make it run a custom deserializer.
 */
export class SerializerNotAllowedError extends CorruptRecordError {
  constructor(
    storageKey: string,
    readonly serializerId: string,
  ) {
    super(
      storageKey,
      `it was written by serializer "${serializerId}", which is not built in; to decode it, pass that serializer ` +
        `in CacheInspectorOptions.serializers (flowcache CLI: --allow-serializer ${serializerId}, see its README)`,
    );
  }
}
