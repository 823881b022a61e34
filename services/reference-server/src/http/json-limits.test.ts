import { describe, expect, it } from 'vitest';
import { checkJsonShape } from './json-limits.js';

const limits = { jsonDepth: 3, arrayLength: 3, stringLength: 5 };

describe('checkJsonShape', () => {
  it.each([
    ['flat object', '{"a":1}', undefined],
    ['depth at the limit', '{"a":[{"b":1}]}', undefined],
    ['depth over the limit', '{"a":[{"b":[1]}]}', 'http.json-too-deep'],
    ['array at the limit', '[1,2,3]', undefined],
    ['array over the limit', '[1,2,3,4]', 'http.array-too-long'],
    ['nested array over the limit', '{"a":[[1],[2],[3],[4]]}', 'http.array-too-long'],
    ['commas in objects do not count', '{"a":1,"b":2,"c":3,"d":4}', undefined],
    ['commas and brackets inside strings do not count', '["a,[[[","c"]', undefined],
    ['string at the limit', '"abcde"', undefined],
    ['string over the limit', '"abcdef"', 'http.string-too-long'],
    ['escapes count as one character', '"\\u00e9\\n\\"ab"', undefined],
    ['six escapes are six characters', '"\\u00e9\\u00e9\\u00e9\\n\\n\\n"', 'http.string-too-long'],
    ['a long key counts too', '{"abcdefg":1}', 'http.string-too-long'],
    ['empty containers', '{"a":[],"b":{}}', undefined],
  ])('%s', (_name, text, id) => {
    expect(checkJsonShape(text, limits)?.id).toBe(id);
  });
});
