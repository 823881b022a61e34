/**
 * A small checker for Narrative.div: well-formed XHTML whose root is a `div` in the XHTML
 * namespace (the xhtml primitive), only the basic HTML that FHIR allows and no scripting
 * (txt-1), and some non-whitespace content (txt-2). It is a scanner, not a full XML parser:
 * enough to catch what breaks renderers and what could run code.
 */

export const XHTML_OK = 0;
export const XHTML_MALFORMED = 1;
export const XHTML_NOT_ALLOWED = 2;
export const XHTML_EMPTY = 3;

export interface XhtmlResult {
  readonly status: number;
  /** For XHTML_NOT_ALLOWED: the element or attribute name (structural, never text content). */
  readonly what?: string;
}

const OK: XhtmlResult = { status: XHTML_OK };
const MALFORMED: XhtmlResult = { status: XHTML_MALFORMED };
const EMPTY: XhtmlResult = { status: XHTML_EMPTY };

const XHTML_NS = 'http://www.w3.org/1999/xhtml';

/** The elements R4 narrative may use. */
const ALLOWED_ELEMENTS: ReadonlySet<string> = new Set(
  ('p br div h1 h2 h3 h4 h5 h6 a span b em i strong small big tt dfn q var abbr acronym cite blockquote hr ' +
    'address bdo kbd sub sup ul ol li dl dt dd pre table caption colgroup col thead tr tfoot tbody th td code ' +
    'samp img map area').split(' '),
);

/** Elements named in messages; any other unknown name is described, not echoed. */
const KNOWN_FORBIDDEN: ReadonlySet<string> = new Set(
  ('script style iframe frame frameset object embed applet form input button select textarea option label ' +
    'fieldset link meta base html head body title svg math video audio source track canvas noscript template ' +
    'dialog details summary').split(' '),
);

const NAME_RE = /^[A-Za-z_][A-Za-z0-9_.:-]*/;
const ATTRIBUTE_RE = /^\s+([A-Za-z_][A-Za-z0-9_.:-]*)\s*=\s*("[^"<]*"|'[^'<]*')/;
const ENTITY_RE = /^&(#[0-9]+|#x[0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]*);/;

const EVENT_ATTRIBUTE_RE = /^on/i;
const SCRIPT_URL_RE = /^\s*(javascript|vbscript):/i;

const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13;

const notAllowed = (what: string): XhtmlResult => ({ status: XHTML_NOT_ALLOWED, what });

/** Checks the text of a Narrative.div. */
export function checkXhtml(xhtml: string): XhtmlResult {
  const stack: string[] = [];
  let content = false;
  let rootClosed = false;
  let i = 0;
  const n = xhtml.length;
  while (i < n) {
    const c = xhtml.charCodeAt(i);
    if (c !== 60 /* < */) {
      if (c === 38 /* & */) {
        const m = ENTITY_RE.exec(xhtml.slice(i, i + 40));
        if (!m) return MALFORMED;
        if (stack.length === 0) return MALFORMED;
        content = true;
        i += m[0].length;
        continue;
      }
      if (!isSpace(c)) {
        if (stack.length === 0) return MALFORMED;
        content = true;
      }
      i++;
      continue;
    }
    if (xhtml.startsWith('<!--', i)) {
      const end = xhtml.indexOf('-->', i + 4);
      if (end < 0) return MALFORMED;
      i = end + 3;
      continue;
    }
    if (xhtml.startsWith('<![CDATA[', i)) {
      const end = xhtml.indexOf(']]>', i);
      if (end < 0 || stack.length === 0) return MALFORMED;
      if (xhtml.slice(i + 9, end).trim().length > 0) content = true;
      i = end + 3;
      continue;
    }
    if (xhtml.charCodeAt(i + 1) === 47 /* / */) {
      const m = NAME_RE.exec(xhtml.slice(i + 2, i + 80));
      if (!m) return MALFORMED;
      const close = xhtml.indexOf('>', i);
      if (close < 0 || xhtml.slice(i + 2 + m[0].length, close).trim().length > 0) return MALFORMED;
      if (stack.pop() !== m[0]) return MALFORMED;
      if (stack.length === 0) rootClosed = true;
      i = close + 1;
      continue;
    }
    const m = NAME_RE.exec(xhtml.slice(i + 1, i + 80));
    if (!m) return MALFORMED;
    const name = m[0];
    if (rootClosed) return MALFORMED;
    const local = name.startsWith('h:') ? name.slice(2) : name;
    if (stack.length === 0 && local !== 'div') return MALFORMED;
    if (!ALLOWED_ELEMENTS.has(local)) {
      return notAllowed(KNOWN_FORBIDDEN.has(local.toLowerCase()) ? `<${local.toLowerCase()}>` : 'an element that is not basic HTML');
    }
    if (local === 'img') content = true;
    let j = i + 1 + name.length;
    let xmlns: string | undefined;
    for (;;) {
      const a = ATTRIBUTE_RE.exec(xhtml.slice(j, j + 4096));
      if (!a) break;
      const attr = a[1] ?? '';
      const value = (a[2] ?? '').slice(1, -1);
      if (EVENT_ATTRIBUTE_RE.test(attr)) return notAllowed('an event handler attribute');
      if ((attr === 'href' || attr === 'src') && SCRIPT_URL_RE.test(value)) return notAllowed('a script URL');
      if (attr === 'xmlns' || attr === 'xmlns:h') xmlns = value;
      j += a[0].length;
    }
    while (j < n && isSpace(xhtml.charCodeAt(j))) j++;
    if (stack.length === 0 && xmlns !== XHTML_NS) return MALFORMED;
    if (xhtml.startsWith('/>', j)) {
      if (stack.length === 0) rootClosed = true;
      i = j + 2;
      continue;
    }
    if (xhtml.charCodeAt(j) !== 62 /* > */) return MALFORMED;
    stack.push(name);
    i = j + 1;
  }
  if (stack.length > 0 || !rootClosed) return MALFORMED;
  return content ? OK : EMPTY;
}
