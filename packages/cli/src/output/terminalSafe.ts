// Characters a terminal acts on instead of showing: C0 controls (ESC starts colour, cursor and title sequences,
// CR rewrites the line), DEL, C1 controls (U+009B is an 8-bit CSI), line and paragraph separators, and the
// bidirectional controls that make text read in another order than it is stored (U+061C, U+200E-F,
// U+202A-E, U+2066-9). Newline and tab are in this set too: `terminalSafe` lets them through where the
// layout needs them.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const UNSAFE_BUT_LAYOUT = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
// What JSON.stringify leaves as they are (it escapes C0 and lone surrogates itself).
const UNSAFE_IN_JSON = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const SHORT_ESCAPES: Readonly<Record<string, string>> = { '\n': '\\n', '\t': '\\t', '\r': '\\r' };

/** `\x1b`, `\r`, `\u009b`, `\u202e`: a character spelled out so that it shows instead of acting. */
function spell(character: string): string {
  const code = character.charCodeAt(0);
  const short = SHORT_ESCAPES[character];
  if (short !== undefined) return short;
  return code < 0x80 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * Text that is safe to write on a terminal: control characters and bidirectional controls are spelled out
 * (`\x1b`, `\u009b`), so that a task name, an error message or a cached value planted in a shared store can
 * neither colour, move, retitle nor reorder what the user reads. Newlines and tabs are kept for the layout.
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
  return (JSON.stringify(value, null, 2) ?? 'null').replace(UNSAFE_IN_JSON, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
