import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatJsonPath, parseJson, type ParsedJson } from './parse-json.js';

const parsed = (text: string): ParsedJson => {
  const result = parseJson(text);
  if (!result.ok) throw new Error(`expected valid JSON, got ${result.problem} at ${result.line}:${result.column}`);
  return result;
};

const acceptedByJsonParse = (text: string): boolean => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

describe('parseJson: malformed text', () => {
  it.each([
    // [label, text, problem, line, column]
    ['empty text', '', 'no JSON value: the text is empty or only whitespace', 1, 1],
    ['only whitespace', '  \n   ', 'no JSON value: the text is empty or only whitespace', 2, 4],
    ['trailing comma in object', '{"a":1,}', 'trailing comma', 1, 7],
    ['trailing comma in array', '[1,2,]', 'trailing comma', 1, 5],
    ['trailing comma before a later line', '[\n  1,\n  2,\n]', 'trailing comma', 3, 4],
    ['missing comma between members', '{"a":1 "b":2}', "unexpected character: expected ',' or '}' after an object member", 1, 8],
    ['missing comma between items', '[1 2]', "unexpected character: expected ',' or ']' after an array item", 1, 4],
    ['missing colon', '{"a" 1}', "unexpected character: expected ':' after an object key", 1, 6],
    ['unquoted key', '{a:1}', "unexpected character: expected a string key or '}'", 1, 2],
    ['single-quoted key', "{'a':1}", "unexpected character: expected a string key or '}'", 1, 2],
    ['key missing after comma', '{"a":1, 2}', "unexpected character: expected a string key after ','", 1, 9],
    ['single-quoted string', "['a']", 'strings must use double quotes', 1, 2],
    ['leading zero', '01', 'leading zero in number', 1, 1],
    ['negative leading zero', '[-01]', 'leading zero in number', 1, 2],
    ['decimal point without digits at end', '1.', 'unexpected end of input in a number', 1, 3],
    ['decimal point without digits', '[1.e5]', 'invalid number: expected a digit after the decimal point', 1, 4],
    ['exponent without digits', '[1e+]', 'invalid number: expected a digit in the exponent', 1, 5],
    ['lone minus', '[-]', "invalid number: expected a digit after '-'", 1, 3],
    ['plus sign', '+1', "invalid number: a number starts with '-' or a digit", 1, 1],
    ['bare fraction', '.5', "invalid number: a number starts with '-' or a digit", 1, 1],
    ['hexadecimal number', '0x1F', 'unexpected content after the JSON value', 1, 2],
    ['NaN', '{"a":NaN}', 'invalid literal: only true, false and null are allowed', 1, 6],
    ['Infinity', '[Infinity]', 'invalid literal: only true, false and null are allowed', 1, 2],
    ['-Infinity', '[-Infinity]', "invalid number: expected a digit after '-'", 1, 3],
    ['capitalised literal', 'True', 'invalid literal: only true, false and null are allowed', 1, 1],
    ['truncated literal', '[nul]', 'invalid literal: only true, false and null are allowed', 1, 2],
    ['unterminated string (points at its opening quote)', '{"a": "b', 'unterminated string', 1, 7],
    ['unterminated key', '{"ab', 'unterminated string', 1, 2],
    ['unterminated string ending in a backslash', '"ab\\', 'unterminated string', 1, 1],
    ['unterminated \\u escape', '"\\u12', 'unterminated string', 1, 1],
    ['line break in string', '{"a": "x\ny"}', 'line break in string (unterminated string?)', 1, 9],
    ['tab in string', '"a\tb"', 'unescaped control character in string', 1, 3],
    ['NUL in string', '"a\u0000"', 'unescaped control character in string', 1, 3],
    ['unknown escape', '"\\x"', 'invalid escape sequence in string', 1, 2],
    ['single-quote escape', '"\\\'"', 'invalid escape sequence in string', 1, 2],
    ['short \\u escape', '"\\u12G4"', 'invalid \\u escape: expected four hexadecimal digits', 1, 2],
    ['line comment before value', '// note\n{}', 'comments are not allowed in JSON', 1, 1],
    ['block comment after value', '{} /* note */', 'comments are not allowed in JSON', 1, 4],
    ['comment inside object', '{"a":1 // note\n}', 'comments are not allowed in JSON', 1, 8],
    ['two values', '{}{}', 'unexpected content after the JSON value', 1, 3],
    ['two numbers', '1 2', 'unexpected content after the JSON value', 1, 3],
    ['empty array slot', '[1,,2]', "unexpected ',': expected a value", 1, 4],
    ['leading comma', '[,1]', "unexpected ',': expected a value", 1, 2],
    ['open array', '[', 'unexpected end of input: expected a value', 1, 2],
    ['member without value', '{"a":', 'unexpected end of input: expected a value', 1, 6],
    ['unclosed object', '{"a":1', "unexpected end of input: expected ',' or '}' after an object member", 1, 7],
    ['mismatched bracket', '{"a":[1,2}', "unexpected character: expected ',' or ']' after an array item", 1, 10],
    ['CRLF counts as one line break', '\r\n\r\n  x', 'invalid literal: only true, false and null are allowed', 3, 3],
    ['lone CR counts as a line break', '\r\r x', 'invalid literal: only true, false and null are allowed', 3, 2],
    ['columns count UTF-16 code units', '"é😀" x', 'unexpected content after the JSON value', 1, 7],
    ['second byte order mark', '\ufeff\ufeff{}', 'unexpected character: expected a value', 1, 1],
    ['error after a byte order mark', '\ufeff{"a":}', 'unexpected character: expected a value', 1, 6],
    ['deep error position', '{\n  "a": {\n    "b": [\n      1,\n      2 3\n    ]\n  }\n}', "unexpected character: expected ',' or ']' after an array item", 5, 9],
  ])('%s', (_label, text, problem, line, column) => {
    expect(parseJson(text)).toEqual({ ok: false, problem, line, column });
  });

  it.each([
    ['a string value', '{"name": "Jane Smith" "x": 1}'],
    ['a broken string', '{"name": "Jane\nSmith"}'],
    ['a bad literal', '{"name": Jane}'],
    ['an unquoted key', '{Jane: 1}'],
  ])('never quotes the submitted text in the problem (%s)', (_label, text) => {
    const result = parseJson(text);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problem).not.toMatch(/Jane|Smith/);
    }
  });
});

describe('parseJson: valid text', () => {
  it.each([
    ['empty object', '{}'],
    ['empty array', ' [ ] '],
    ['zero', '0'],
    ['negative zero', '-0'],
    ['exponent forms', '[1E+2, 1e-2, -1.5e3, 0.0e0]'],
    ['literals', '[true, false, null]'],
    ['simple escapes', '"\\"\\\\\\/\\b\\f\\n\\r\\t"'],
    ['unicode escapes and a surrogate pair', '"\\u00e9\\u00C9\\ud83d\\ude00"'],
    ['a lone surrogate (RFC 8259 8.2 allows it)', '"\\udead x \\ud83d"'],
    ['raw non-ASCII text', '"Zoë 😀 \u2028"'],
    ['DEL and other non-control characters', '"\u007f\u0080"'],
    ['nested values', '{"a":[{"b":{"c":[1,"x",null]}}],"d":{}}'],
    ['whitespace of every kind', '\t{\r\n "a" :\t1 ,\r"b":[ ]\n}\n'],
  ])('%s matches JSON.parse', (_label, text) => {
    const result = parsed(text);
    expect(result.value).toEqual(JSON.parse(text));
    expect(result.duplicates).toEqual([]);
  });

  it('keeps negative zero', () => {
    expect(Object.is(parsed('-0').value, -0)).toBe(true);
  });

  it('makes "__proto__" an own property instead of setting the prototype', () => {
    const value = parsed('{"__proto__": {"polluted": true}}').value as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(['__proto__']);
    expect((value as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it('accepts a leading byte order mark and counts columns from after it', () => {
    expect(parsed('\ufeff{"a": 1}').value).toEqual({ a: 1 });
    const result = parsed('\ufeff{"a": 1, "a": 2}');
    expect(result.duplicates).toEqual([{ key: 'a', path: '$.a', line: 1, column: 10 }]);
  });

  it('parses a 5 MB document the same as JSON.parse', () => {
    const resource = {
      resourceType: 'Flag',
      meta: { profile: ['https://fhir.nhs.uk/England/StructureDefinition/England-Flag-PatientFlag-Adjustment'] },
      status: 'active',
      category: [{ coding: [{ system: 'http://snomed.info/sct', code: '1240311000000100', display: 'Easy read "quoted" \\ é 😀' }] }],
      period: { start: '2024-01-01T10:00:00+00:00' },
      numbers: [1, -2.5, 1e21, 0],
      flags: [true, false, null],
    };
    const entries = Array.from({ length: 9000 }, (_, i) => ({ ...resource, id: `flag-${i}` }));
    const text = JSON.stringify({ resourceType: 'Bundle', type: 'collection', entry: entries }, null, 2);
    expect(text.length).toBeGreaterThan(5_000_000);
    const result = parsed(text);
    expect(JSON.stringify(result.value)).toBe(JSON.stringify(JSON.parse(text)));
    expect(result.duplicates).toEqual([]);
  });

  it.each([
    ['arrays', '[', ']'],
    ['objects', '{"a":', '}'],
  ])('parses 10,000 levels of nested %s without overflowing the stack', (_label, open, close) => {
    const depth = 10_000;
    const text = `${open.repeat(depth)}1${close.repeat(depth)}`;
    let value = parsed(text).value;
    let levels = 0;
    while (typeof value === 'object' && value !== null) {
      value = Array.isArray(value) ? value[0] : (value as Record<string, unknown>)['a'];
      levels++;
    }
    expect(levels).toBe(depth);
    expect(value).toBe(1);
  });

  it.each([
    ['within the limit', '[[[1]]]', 3, undefined],
    ['one level too deep', '[[[1]]]', 2, 3],
    ['an empty container counts as a level', '{"a":[{}]}', 2, 7],
  ])('stops at maxDepth: %s', (_label, text, maxDepth, column) => {
    const result = parseJson(text, { maxDepth });
    if (column === undefined) {
      expect(result.ok).toBe(true);
    } else {
      expect(result).toEqual({ ok: false, problem: `arrays and objects nested more than ${maxDepth} levels deep`, line: 1, column, tooDeep: true });
    }
  });

  it('reports a syntax error that comes before the depth limit as a syntax error', () => {
    expect(parseJson('[,[[[', { maxDepth: 2 })).toEqual({ ok: false, problem: "unexpected ',': expected a value", line: 1, column: 2 });
  });

  it('reports an unclosed 10,000-level nesting cleanly', () => {
    const text = '['.repeat(10_000);
    expect(parseJson(text)).toEqual({ ok: false, problem: 'unexpected end of input: expected a value', line: 1, column: 10_001 });
  });
});

describe('parseJson: duplicate keys', () => {
  it('reports a duplicate deep in a resource with a FHIRPath and the position of the repeated key', () => {
    const text = [
      '{',
      '  "resourceType": "Flag",',
      '  "category": [',
      '    { "coding": [ { "system": "a" } ] },',
      '    { "coding": [ { "code": "b" }, { "system": "c", "code": "d", "system": "e" } ] }',
      '  ]',
      '}',
    ].join('\n');
    const result = parsed(text);
    expect(result.duplicates).toEqual([{ key: 'system', path: 'Flag.category[1].coding[1].system', line: 5, column: 66 }]);
    // As with JSON.parse, the last value wins.
    expect(result.value).toEqual(JSON.parse(text));
  });

  it('uses the root resourceType even when it comes after the duplicate', () => {
    const result = parsed('{"code": {"text": "x", "text": "y"}, "resourceType": "Condition"}');
    expect(result.duplicates).toEqual([{ key: 'text', path: 'Condition.code.text', line: 1, column: 24 }]);
  });

  it('paths through a Bundle entry stay rooted at Bundle', () => {
    const text = '{"resourceType":"Bundle","entry":[{},{"resource":{"resourceType":"Patient","id":"a","id":"b"}}]}';
    expect(parsed(text).duplicates).toEqual([{ key: 'id', path: 'Bundle.entry[1].resource.id', line: 1, column: 85 }]);
  });

  it('uses a $ path when there is no resourceType at the root', () => {
    expect(parsed('[{"a": [0, {"b": 1, "b": 2}]}]').duplicates).toEqual([{ key: 'b', path: '$[0].a[1].b', line: 1, column: 21 }]);
  });

  it('reports every repeat, in text order, across objects', () => {
    const text = '{\n"a": 1,\n"a": 2,\n"b": {"a": 1},\n"a": 3,\n"c": {"x": 0, "x": 0}\n}';
    expect(parsed(text).duplicates).toEqual([
      { key: 'a', path: '$.a', line: 3, column: 1 },
      { key: 'a', path: '$.a', line: 5, column: 1 },
      { key: 'x', path: '$.c.x', line: 6, column: 15 },
    ]);
  });

  it('does not treat the same key in sibling objects, or inherited names, as duplicates', () => {
    expect(parsed('[{"a":1},{"a":1},{"constructor":1,"toString":2}]').duplicates).toEqual([]);
  });

  it('reports a duplicated "__proto__" key', () => {
    const result = parsed('{"__proto__": 1, "__proto__": 2}');
    expect(result.duplicates).toEqual([{ key: '__proto__', path: '$.__proto__', line: 1, column: 18 }]);
    expect(Object.getOwnPropertyDescriptor(result.value, '__proto__')?.value).toBe(2);
  });

  it('quotes keys that are not identifiers', () => {
    expect(parsed('{"resourceType":"Flag","a b":{"x-y":1,"x-y":2}}').duplicates[0]?.path).toBe('Flag.`a b`.`x-y`');
    expect(parsed('{"a b":{"x\'y":1,"x\'y":2}}').duplicates[0]?.path).toBe("$['a b']['x\\'y']");
  });
});

describe('parseJson: numbers a JavaScript number cannot hold exactly', () => {
  it.each([
    ['overflow', '1e400', Infinity],
    ['negative overflow', '-1e400', -Infinity],
    ['underflow', '1e-400', 0],
    ['more digits than a double holds', '9007199254740993', 9007199254740992],
    ['a long decimal', '3.14159265358979323846264338327950288', Math.PI],
  ])('records %s and still parses like JSON.parse', (_label, text, value) => {
    const result = parsed(`{"resourceType":"Observation","valueQuantity":{"value":${text}}}`);
    expect((result.value as { valueQuantity: { value: number } }).valueQuantity.value).toBe(value);
    expect(result.lossyNumbers).toEqual([{ path: 'Observation.valueQuantity.value', line: 1, column: 56 }]);
  });

  it.each(['0.1', '1.10', '-0.0', '0e5', '9007199254740992', '3.141592653589793', '1.7976931348623157e308', '5e-324', '12.500e1', '100'])(
    'does not record %s, which a double holds exactly',
    (text) => {
      expect(parsed(`[${text}]`).lossyNumbers).toEqual([]);
    },
  );
});

describe('parseJson: agreement with JSON.parse', () => {
  it('parses everything JSON.stringify writes to the same value', () => {
    fc.assert(
      fc.property(fc.oneof(fc.json(), fc.json({ stringUnit: 'binary' })), (text) => {
        const result = parsed(text);
        expect(result.value).toEqual(JSON.parse(text));
        expect(result.duplicates).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });

  it('accepts and rejects exactly what JSON.parse does when one character is changed', () => {
    const mutation = fc.record({
      text: fc.json(),
      at: fc.nat(),
      insert: fc.constantFrom('', ',', '"', '\\', '{', '}', '[', ']', ':', ' ', '0', '-', '.', 'e', 'u', '\n', '\t', '/', 'x'),
      remove: fc.boolean(),
    });
    fc.assert(
      fc.property(mutation, ({ text, at, insert, remove }) => {
        const i = at % (text.length + 1);
        const changed = text.slice(0, i) + insert + text.slice(remove ? i + 1 : i);
        const result = parseJson(changed);
        expect(result.ok).toBe(acceptedByJsonParse(changed));
        if (result.ok) expect(result.value).toEqual(JSON.parse(changed));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('formatJsonPath', () => {
  it.each([
    [[], undefined, '$'],
    [['a', 0, 'b'], undefined, '$.a[0].b'],
    [['category', 1, 'coding', 0], 'Flag', 'Flag.category[1].coding[0]'],
    [['_birthDate'], 'Patient', 'Patient._birthDate'],
    [['a`b'], 'Flag', 'Flag.`a\\`b`'],
  ] as const)('formats %j under %s as %s', (segments, resourceType, expected) => {
    expect(formatJsonPath(segments, resourceType)).toBe(expected);
  });
});
