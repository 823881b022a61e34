/** Splits a search value on commas that are not escaped (`\,`), and unescapes `\,` `\|` `\\`. */
export function splitValues(raw: string): string[] {
  const values: string[] = [];
  let current = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i] as string;
    if (c === '\\' && i + 1 < raw.length) {
      current += raw[i + 1];
      i++;
    } else if (c === ',') {
      values.push(current);
      current = '';
    } else current += c;
  }
  values.push(current);
  return values;
}

/** Splits `system|code` on the first unescaped `|`; undefined system when there is no bar. */
export function splitToken(raw: string): { readonly system: string | undefined; readonly code: string } {
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] === '\\') {
      i++;
      continue;
    }
    if (raw[i] === '|') return { system: unescape(raw.slice(0, i)), code: unescape(raw.slice(i + 1)) };
  }
  return { system: undefined, code: unescape(raw) };
}

const unescape = (value: string): string => value.replace(/\\(.)/g, '$1');

/** Splits on unescaped commas but keeps escapes, for values that are split again (tokens). */
export function splitValuesRaw(raw: string): string[] {
  const values: string[] = [];
  let start = 0;
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] === '\\') i++;
    else if (raw[i] === ',') {
      values.push(raw.slice(start, i));
      start = i + 1;
    }
  }
  values.push(raw.slice(start));
  return values;
}
