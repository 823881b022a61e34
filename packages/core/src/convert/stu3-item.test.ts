import { describe, expect, it } from 'vitest';
import { nested } from './stu3-item.js';

describe('nested', () => {
  it('re-keys the sources of a part under its field, the part itself included', () => {
    const sources = new Map([
      ['', 'Flag.contained[0]'],
      ['role', 'Flag.contained[0].agent[0].role[0].coding[0]'],
    ]);
    expect(nested('recorded', sources)).toEqual([
      ['recorded', 'Flag.contained[0]'],
      ['recorded.role', 'Flag.contained[0].agent[0].role[0].coding[0]'],
    ]);
  });
});
