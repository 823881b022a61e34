import type { MessageId } from '@raflag/core';

export interface JsonShapeLimits {
  readonly jsonDepth: number;
  readonly arrayLength: number;
  readonly stringLength: number;
}

export interface JsonLimitBreach {
  readonly id: Extract<MessageId, 'http.json-too-deep' | 'http.array-too-long' | 'http.string-too-long'>;
  readonly limit: number;
}

const QUOTE = 34;
const BACKSLASH = 92;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const COMMA = 44;
const SPACE = 32;
const TAB = 9;
const LF = 10;
const CR = 13;

/**
 * Checks nesting depth, array lengths and string lengths on the raw text in one pass, before the
 * text is parsed, so a hostile payload is refused before it costs memory or a deep walk. It does
 * not check syntax; the parser does that afterwards. String lengths count decoded characters
 * (an escape such as `\u00e9` is one).
 */
export function checkJsonShape(text: string, limits: JsonShapeLimits): JsonLimitBreach | undefined {
  // For each open container: -1 for an object, else the number of array items seen so far.
  const stack: number[] = [];
  let arraySawValue = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === SPACE || c === TAB || c === LF || c === CR) continue;
    if (c === QUOTE) {
      let length = 0;
      i++;
      while (i < text.length) {
        const s = text.charCodeAt(i);
        if (s === QUOTE) break;
        if (s === BACKSLASH) i += text.charCodeAt(i + 1) === 117 ? 5 : 1;
        length++;
        i++;
      }
      if (length > limits.stringLength) return { id: 'http.string-too-long', limit: limits.stringLength };
      arraySawValue = true;
      continue;
    }
    if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      stack.push(c === OPEN_BRACE ? -1 : 0);
      if (stack.length > limits.jsonDepth) return { id: 'http.json-too-deep', limit: limits.jsonDepth };
      arraySawValue = false;
      continue;
    }
    if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      const top = stack.pop();
      if (top !== undefined && top >= 0 && arraySawValue && top + 1 > limits.arrayLength) {
        return { id: 'http.array-too-long', limit: limits.arrayLength };
      }
      arraySawValue = true;
      continue;
    }
    if (c === COMMA) {
      const top = stack.length - 1;
      const count = stack[top];
      if (count !== undefined && count >= 0) {
        stack[top] = count + 1;
        if (count + 1 >= limits.arrayLength) return { id: 'http.array-too-long', limit: limits.arrayLength };
      }
      arraySawValue = false;
      continue;
    }
    arraySawValue = true;
  }
  return undefined;
}
