import { errorMessage } from '@flowcache/core/adapters';

describe('errorMessage', () => {
  it('is the message of an Error, without its name', () => {
    expect(errorMessage(new TypeError('bad input'))).toBe('bad input');
  });

  it('converts anything else thrown with String', () => {
    expect(errorMessage('plain text')).toBe('plain text');
    expect(errorMessage(42)).toBe('42');
    expect(errorMessage(undefined)).toBe('undefined');
    expect(errorMessage({ code: 'E' })).toBe('[object Object]');
  });
});
