/**
 * Where a value sits inside the hashed input, kept as segments and only formatted for error messages: a
 * property name, an array index, or a note of the hasher's own (`{ note: '<Map key "k">' }`), which is printed
 * as it is and can never be confused with a property that happens to look like one.
 */
export type PathSegment = string | number | { readonly note: string };

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
// A path through deeply nested data would make an unreadable message: keep its two ends.
const MAX_SEGMENTS = 16;

/** `['args', 1, 'client', 'socket']` → `args[1].client.socket`; the first segment is the root's label. */
export function formatPath(segments: readonly PathSegment[]): string {
  const [root, ...rest] = segments;
  const rootText = typeof root === 'object' ? root.note : String(root ?? '');
  if (segments.length <= MAX_SEGMENTS) return rootText + rest.map(formatSegment).join('');
  const head = rest
    .slice(0, MAX_SEGMENTS - 5)
    .map(formatSegment)
    .join('');
  const tail = rest.slice(-4).map(formatSegment).join('');
  return `${rootText}${head}<${rest.length - (MAX_SEGMENTS - 1)} more levels>${tail}`;
}

function formatSegment(segment: PathSegment): string {
  if (typeof segment === 'number') return `[${segment}]`;
  if (typeof segment === 'object') return segment.note;
  return IDENTIFIER.test(segment) ? `.${segment}` : `[${JSON.stringify(segment)}]`;
}
