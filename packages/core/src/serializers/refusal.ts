import { SerializationError } from '../errors/SerializationError';
import { formatPath, type PathSegment } from '../keys/valuePath';
import { ANONYMOUS_CLASS } from '../values/builtinKind';
import { anInstanceOf } from '../values/describeClass';

/**
 * Where a value sits, as a chain from the root (`result`): made by the serializers' walks for every object they
 * enter, and only turned into a path (`result.items[3].cause`) for an error message.
 */
export interface Where {
  readonly parent: Where | undefined;
  readonly segment: PathSegment;
}

export const ROOT: Where = { parent: undefined, segment: 'result' };

const TABLE = 'see "What each serializer brings back" in the @flowcache/core README';

/** What a user can do about a value a serializer refuses, appended to its reason. */
export const WHAT_TO_DO = {
  json: `return plain data, or use resultSerializer: 'v8' or a serializer of your own where it keeps this (${TABLE})`,
  v8:
    `return plain data, or use the default JSON serializer or ` +
    `a serializer of your own where it keeps this (${TABLE})`,
} as const;

/** The error a serializer throws for a value it could not bring back as it was: where it sits, why, what to do. */
export function refuse(serializerId: string, where: Where, reason: string): SerializationError {
  const segments: PathSegment[] = [];
  for (let at: Where | undefined = where; at !== undefined; at = at.parent) segments.unshift(at.segment);
  return new SerializationError(serializerId, formatPath(segments), reason);
}

/** Why an object of a class of its own (or a subclass of a built-in) is refused: its class is not known at read. */
export function instanceCannotComeBack(className: string): string {
  const anonymous = className === ANONYMOUS_CLASS;
  return (
    `${anInstanceOf(className)} would come back as a plain object or as the built-in it extends: ` +
    `${anonymous ? 'its class' : `the class ${className}`} is not known where the record is read; return plain ` +
    `data (its toJSON(), if it has one), or use a serializer of ` +
    `your own that knows ${anonymous ? 'its class' : className}`
  );
}
