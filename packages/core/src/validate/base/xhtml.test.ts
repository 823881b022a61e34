import { describe, expect, it } from 'vitest';
import { checkXhtml, XHTML_EMPTY, XHTML_MALFORMED, XHTML_NOT_ALLOWED, XHTML_OK } from './xhtml.js';

const NS = 'xmlns="http://www.w3.org/1999/xhtml"';

describe('checkXhtml', () => {
  it.each([
    `<div ${NS}>Text</div>`,
    `<div ${NS}><p>One &amp; two &#160; &#x2014; &nbsp;</p><br/><img src="a.png" alt="x"/></div>`,
    `  <div ${NS} class="x"><table><tbody><tr><td>x</td></tr></tbody></table></div>\n`,
    `<div ${NS}><!-- a comment --><a href="https://x.org" name='n'>link</a></div>`,
    `<div ${NS}><img src="a.png"/></div>`,
  ])('accepts %s', (div) => {
    expect(checkXhtml(div).status).toBe(XHTML_OK);
  });

  it.each([
    ['no namespace', '<div>x</div>'],
    ['a wrong namespace', '<div xmlns="http://www.w3.org/1999/html">x</div>'],
    ['a root that is not div', `<p ${NS}>x</p>`],
    ['unclosed elements', `<div ${NS}><p>x</div>`],
    ['text outside the root', `<div ${NS}>x</div>tail`],
    ['two roots', `<div ${NS}>x</div><div ${NS}>y</div>`],
    ['a bare ampersand', `<div ${NS}>a & b</div>`],
    ['an unterminated tag', `<div ${NS}>x</div`],
    ['plain text', 'just text'],
    ['an unterminated comment', `<div ${NS}><!-- x</div>`],
  ])('rejects %s as malformed', (_name, div) => {
    expect(checkXhtml(div).status).toBe(XHTML_MALFORMED);
  });

  it.each([
    [`<div ${NS}><script>alert(1)</script></div>`, '<script>'],
    [`<div ${NS}><iframe src="x"></iframe></div>`, '<iframe>'],
    [`<div ${NS}><blink>x</blink></div>`, 'an element that is not basic HTML'],
    [`<div ${NS}><p onclick="x()">x</p></div>`, 'an event handler attribute'],
    [`<div ${NS}><a href="javascript:alert(1)">x</a></div>`, 'a script URL'],
  ])('rejects %s as not allowed (txt-1), naming only structure', (div, what) => {
    expect(checkXhtml(div)).toEqual({ status: XHTML_NOT_ALLOWED, what });
  });

  it.each([`<div ${NS}></div>`, `<div ${NS}>  <p> </p></div>`, `<div ${NS}/>`])('reports %s as empty (txt-2)', (div) => {
    expect(checkXhtml(div).status).toBe(XHTML_EMPTY);
  });
});
