import { JSON_SERIALIZER_ID } from './jsonTags';

/**
 * Whether two serializer ids name one serializer: equal ids, or equal once the alias `json` reads as the JSON
 * serializer's own id (`gzip+json` and `gzip+json/v1` too).
 */
export function sameSerializer(first: string, second: string): boolean {
  return first === second || canonical(first) === canonical(second);
}

function canonical(id: string): string {
  return id
    .split('+')
    .map((part) => (part === 'json' ? JSON_SERIALIZER_ID : part))
    .join('+');
}
