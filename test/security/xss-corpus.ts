/**
 * The XSS corpus of issue 11's security suite: payloads that each call `__xss(<id>)` (or open a
 * dialog) if a page ever runs them. test/e2e/security-xss.e2e.test.ts stores them in every
 * user-controlled field and renders them in Chromium; `injectedMarkup` is the DOM check that
 * also catches markup that got in without running (an `on…` attribute, a `javascript:` link).
 */

export interface XssPayload {
  id: number
  /** What it tries. */
  name: string
  text: string
}

/** A word each stored text carries, so pages and search can be waited for and searched by it. */
export const XSS_MARK = 'xssmark'

export const XSS_PAYLOADS: readonly XssPayload[] = [
  { id: 1, name: 'script tag', text: '<script>__xss(1)</script>' },
  { id: 2, name: 'img onerror', text: '<img src=x onerror=__xss(2)>' },
  { id: 3, name: 'svg onload', text: '<svg onload=__xss(3)>' },
  { id: 4, name: 'script inside svg', text: '<svg><script>__xss(4)</script></svg>' },
  { id: 5, name: 'broken double quote', text: '"><script>__xss(5)</script>' },
  { id: 6, name: 'broken single quote', text: "'><img src=x onerror=__xss(6)>" },
  { id: 7, name: 'Markdown javascript: link', text: '[click](javascript:__xss(7))' },
  { id: 8, name: 'Markdown mixed-case scheme', text: '[click](JaVaScRiPt:__xss(8))' },
  { id: 9, name: 'Markdown entity-encoded colon', text: '[click](javascript&#58;__xss(9))' },
  { id: 10, name: 'HTML javascript: anchor', text: '<a href="javascript:__xss(10)">click</a>' },
  { id: 11, name: 'Markdown data: URL', text: '[click](data:text/html;base64,PHNjcmlwdD5fX3hzcygxMSk8L3NjcmlwdD4=)' },
  { id: 12, name: 'iframe javascript: src', text: '<iframe src="javascript:__xss(12)"></iframe>' },
  { id: 13, name: 'HTML entities of a tag', text: '&lt;img src=x onerror=__xss(13)&gt;' },
  { id: 14, name: 'template injection', text: "{{constructor.constructor('__xss(14)')()}}" },
  { id: 15, name: 'bidi override (U+202E) before a tag', text: '\u202Egpj.exe<img src=x onerror=__xss(15)>' },
  { id: 16, name: 'details ontoggle', text: '<details open ontoggle=__xss(16)>' },
  { id: 17, name: 'Markdown image attribute break', text: '![a](x" onerror="__xss(17))' },
  { id: 18, name: 'Markdown tab inside the scheme', text: '[click](java\tscript:__xss(18))' },
  { id: 19, name: 'autofocus onfocus', text: '<input autofocus onfocus=__xss(19)>' },
  { id: 20, name: 'mXSS through math/style', text: '<math><mtext><table><mglyph><style><img src=x onerror=__xss(20)>' },
  { id: 21, name: 'bare javascript: URL', text: 'javascript:__xss(21)' },
  { id: 22, name: 'entity-encoded scheme in an anchor', text: '<a href="&#106;avascript:__xss(22)">click</a>' },
  { id: 23, name: 'URL breaking out of an attribute', text: 'https://x.example/"><img/src=x/onerror=__xss(23)>' },
  { id: 24, name: 'template literal', text: '${__xss(24)}' },
  { id: 25, name: 'dialog', text: '<img src=x onerror=alert(25)>' },
  { id: 26, name: 'Markdown autolink javascript:', text: '<javascript:__xss(26)>' },
  { id: 27, name: 'Markdown link title break', text: '[click](https://x.example "a" onmouseover="__xss(27)")' },
  { id: 28, name: 'bidi isolate in a URL', text: '[click](https://x.example/\u2066javascript:__xss(28)\u2069)' },
]

/** The payloads that fit in `max` characters, from the `i`-th on (cycling), for one-line fields. */
export function payloadAt(i: number, max = 100): string {
  const fitting = XSS_PAYLOADS.filter((p) => p.text.length <= max)
  return fitting[i % fitting.length]!.text
}

/** The marker, then as many whole payloads as fit in `max` characters, one a line. */
export function corpusText(max = 100_000): string {
  let out = XSS_MARK
  for (const p of XSS_PAYLOADS) {
    if (out.length + 1 + p.text.length > max) break
    out += `\n${p.text}`
  }
  return out
}

/**
 * Runs in the page (page.evaluate): markup that came from content and should not be there —
 * an `on…` attribute on any element, a `javascript:`/`vbscript:`/`data:` URL in a link, frame or
 * form (a `data:image/` picture is fine), a link to anything but http(s), mailto or blob, an iframe, object, embed or meta in the body, or a
 * script that is not one of the app's own files. Each finding names the element.
 */
export function injectedMarkup(): string[] {
  const found: string[] = []
  const describe = (el: Element) => `<${el.tagName.toLowerCase()}${Array.from(el.attributes).map((a) => ` ${a.name}="${a.value.slice(0, 60)}"`).join('')}>`
  // Browsers drop controls and spaces inside a scheme ("java\tscript:"): so does this check.
  const badUrl = (v: string) => /^(javascript|vbscript|data):/i.test(v.replace(/[\u0000-\u0020\u007f-\u00a0\u200b-\u200f\u2028-\u202e\u2060-\u206f]/g, ''))
  const URL_ATTRS = ['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'background', 'poster', 'srcdoc']
  for (const el of Array.from(document.querySelectorAll('*'))) {
    for (const a of Array.from(el.attributes)) {
      const name = a.name.toLowerCase()
      if (name.startsWith('on')) found.push(`event attribute ${name}: ${describe(el)}`)
      else if (name === 'srcdoc') found.push(`srcdoc: ${describe(el)}`)
      else if (URL_ATTRS.includes(name) && badUrl(a.value) && !(el.tagName === 'IMG' && /^\s*data:image\//i.test(a.value))) found.push(`${name} URL: ${describe(el)}`)
    }
    if (['IFRAME', 'FRAME', 'OBJECT', 'EMBED'].includes(el.tagName)) found.push(`embedded frame: ${describe(el)}`)
    if (el.tagName === 'META' && el.closest('body')) found.push(`meta in the body: ${describe(el)}`)
  }
  // Whatever the attribute said, a link the browser would follow goes to the web, a mail or a blob.
  for (const a of Array.from(document.querySelectorAll('a[href], area[href]'))) {
    if (!['http:', 'https:', 'mailto:', 'blob:'].includes((a as HTMLAnchorElement).protocol)) found.push(`link to ${(a as HTMLAnchorElement).protocol}: ${describe(a)}`)
  }
  for (const s of Array.from(document.scripts)) {
    const own = s.src && new URL(s.src, location.href).origin === location.origin
    if (!own || (s.textContent ?? '').includes('__xss')) found.push(`script: ${describe(s)} ${(s.textContent ?? '').slice(0, 60)}`)
  }
  return found
}
