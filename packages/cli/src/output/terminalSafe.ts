// Characters a terminal acts on instead of showing: C0 controls (ESC starts colour, cursor and title sequences,
// CR rewrites the line), DEL, C1 controls (U+009B is an 8-bit CSI), line and paragraph separators, and the
// bidirectional controls that make text read in another order than it is stored (U+061C, U+200E-F,
// U+202A-E, U+2066-9). Newline and tab are in this set too: `terminalSafe` lets them through where the
// layout needs them.
const ACTING =
  '\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f\\u061c\\u200e\\u200f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069';
// Characters that show nothing, so that a planted key or task name could look exactly like a real one: soft
// hyphen, Mongolian vowel separator, zero-width space, non-joiner and joiner, word joiner and invisible operators,
// byte order mark, and the tag characters (U+E0000-E007F). The joiner is spelled out inside emoji too: an emoji
// sequence then reads `👩\u200d💻`, still legible, and never looks like two emoji next to each other.
// Variation selectors are left alone: they only choose how a character is drawn.
const INVISIBLE = '\\u00ad\\u180e\\u200b-\\u200d\\u2060-\\u2064\\ufeff\\u{e0000}-\\u{e007f}';
const UNSAFE = new RegExp(`[\\t\\n${ACTING}${INVISIBLE}]`, 'gu');
const UNSAFE_BUT_LAYOUT = new RegExp(`[${ACTING}${INVISIBLE}]`, 'gu');
// What JSON.stringify leaves as they are (it escapes C0 and lone surrogates itself); tag characters are matched
// as the surrogate pairs they are in UTF-16, each half escaped, which JSON.parse joins back.
const DEL_C1_AND_FORMAT = String.raw`\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f`;
const SEPARATORS_BIDI_AND_INVISIBLE = String.raw`\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff`;
const TAG_CHARACTER_AS_UTF16 = String.raw`\udb40[\udc00-\udc7f]`;
const UNSAFE_IN_JSON = new RegExp(
  `[${DEL_C1_AND_FORMAT}${SEPARATORS_BIDI_AND_INVISIBLE}]|${TAG_CHARACTER_AS_UTF16}`,
  'g',
);

const SHORT_ESCAPES: Readonly<Record<string, string>> = { '\n': '\\n', '\t': '\\t', '\r': '\\r' };

/**
 * `\x1b`, `\r`, `\u009b`, `\u202e`, `\u{e0041}`: a character spelled out so that it shows instead of acting or hiding.
 */
function spell(character: string): string {
  const code = character.codePointAt(0)!;
  const short = SHORT_ESCAPES[character];
  if (short !== undefined) return short;
  if (code > 0xffff) return `\\u{${code.toString(16)}}`;
  return code < 0x80 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * Text that is safe to write on a terminal: control characters and bidirectional controls are spelled out
 * (`\x1b`, `\u009b`), so that a task name, an error message or a cached value planted in a shared store can
 * neither colour, move, retitle nor reorder what the user reads, and invisible characters (zero-width space,
 * joiners, tag characters...) are spelled out so that it cannot pass for another name either. Newlines and tabs
 * are kept for the layout: text read from a store and put inside a sentence goes through `terminalSafeCell`.
 * Backslashes are left as they are: the text stays readable, and spelling never creates a control character.
 */
export function terminalSafe(text: string): string {
  return text.replace(UNSAFE_BUT_LAYOUT, spell);
}

/** `terminalSafe` for one cell of a table or one field's value: newlines and tabs spelled out too, keeping one line. */
export function terminalSafeCell(text: string): string {
  return text.replace(UNSAFE, spell);
}

/**
 * A value as indented JSON that is also safe on a terminal: what `JSON.stringify` leaves raw (DEL, C1 and
 * bidirectional controls) is written as `\u` escapes, which parse back to the very same strings.
 */
export function terminalSafeJson(value: unknown): string {
  return (JSON.stringify(value, null, 2) ?? 'null').replace(UNSAFE_IN_JSON, (text) =>
    text
      .split('')
      .map((unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`)
      .join(''),
  );
}
