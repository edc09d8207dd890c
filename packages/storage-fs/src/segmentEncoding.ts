/** Every object's file name ends with this and no directory name does, so `report` and `report/x` coexist. */
export const OBJECT_SUFFIX = '.fcr';

/** Temp files start with this; encoded segments never start with `.`, so no key can name a temp file. */
export const TEMP_PREFIX = '.fc-tmp-';

/**
 * One key segment as a file or directory name. `%` is escaped first, so decoding is unambiguous; a leading `.`
 * is escaped so that no name is `.`, `..`, hidden or a temp file; the `.` of a trailing `.fcr` is escaped so that
 * no directory looks like an object. The suffix check ignores case: on APFS and NTFS `X.FCR` and `x.fcr` are one name.
 */
export function encodeSegment(segment: string): string {
  let encoded = segment.replace(/%/g, '%25');
  if (encoded.startsWith('.')) encoded = `%2E${encoded.slice(1)}`;
  if (encoded.toLowerCase().endsWith(OBJECT_SUFFIX)) {
    encoded = `${encoded.slice(0, -OBJECT_SUFFIX.length)}%2E${encoded.slice(1 - OBJECT_SUFFIX.length)}`;
  }
  return encoded;
}

/**
 * The segment a name encodes, or `undefined` for a name `encodeSegment` never produces (a temp file, or anything
 * else someone put in the directory): listing skips those rather than invent keys.
 */
export function decodeSegment(name: string): string | undefined {
  const decoded = name.replace(/%(25|2E)/g, (_escape, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return decoded !== '' && encodeSegment(decoded) === name ? decoded : undefined;
}
