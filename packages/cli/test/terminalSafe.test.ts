import { terminalSafe, terminalSafeCell, terminalSafeJson } from '../src/output/terminalSafe';

// A planted key that shows exactly as `team/report` where invisible characters are drawn as nothing.
const LOOK_ALIKE = 'team/\u200breport\u00ad\u2060\ufeff\u180e\u200c\u200d\u2064\u{e0072}';

describe('invisible characters', () => {
  it('are spelled out in text and cells, so a planted name cannot pass for another', () => {
    const spelled = 'team/\\u200breport\\u00ad\\u2060\\ufeff\\u180e\\u200c\\u200d\\u2064\\u{e0072}';
    expect(terminalSafe(LOOK_ALIKE)).toBe(spelled);
    expect(terminalSafeCell(LOOK_ALIKE)).toBe(spelled);
  });

  it('are spelled out in JSON, which still parses back to the very same string', () => {
    const json = terminalSafeJson({ key: LOOK_ALIKE });
    expect(json).not.toMatch(/[\u00ad\u180e\u200b-\u200d\u2060-\u2064\ufeff\u{e0000}-\u{e007f}]/u);
    expect(JSON.parse(json)).toEqual({ key: LOOK_ALIKE });
  });

  it('leave emoji legible: the joiner of a sequence is spelled, its parts and variation selectors are kept', () => {
    expect(terminalSafeCell('\u{1f469}\u200d\u{1f4bb} \u2764\ufe0f')).toBe('\u{1f469}\\u200d\u{1f4bb} \u2764\ufe0f');
  });

  it('leave newlines in text, and spell them in a cell, so a planted name keeps to its line', () => {
    expect(terminalSafe('a\nb')).toBe('a\nb');
    expect(terminalSafeCell('team/\x1b[31mred\nflowcache: all fine')).toBe('team/\\x1b[31mred\\nflowcache: all fine');
  });
});
