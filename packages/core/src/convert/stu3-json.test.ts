import { describe, expect, it } from 'vitest';
import { at, profilesOf, trimmedText } from './stu3-json.js';

describe('STU3 JSON helpers', () => {
  it.each([
    ['  notes ', 'notes'],
    ['   ', undefined],
    [3, undefined],
    [undefined, undefined],
  ])('trimmedText(%j) is %j', (value, expected) => {
    expect(trimmedText(value)).toBe(expected);
  });

  it('at indexes a repeating element and leaves a single one bare', () => {
    expect(at('Flag', 'extension', 0)).toBe('Flag.extension[0]');
    expect(at('Flag', 'code')).toBe('Flag.code');
  });

  it.each([
    [{ meta: { profile: ['a', 2, 'b'] } }, ['a', 'b']],
    [{ meta: { profile: 'a' } }, ['a']],
    [{ meta: 'x' }, []],
    [{}, []],
  ])('profilesOf(%j)', (resource, expected) => {
    expect(profilesOf(resource)).toEqual(expected);
  });
});
