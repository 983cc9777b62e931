/**
 * Work Talk's Markdown subset: the parser (web/src/lib/markdown.ts) construct by construct, its
 * limits, and the rendered HTML (react-dom/server, no DOM) held to a whitelist of tags and
 * attributes with http(s)-only links — for fixed inputs and for seeded random mixes of the
 * pieces an attacker would try.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { Markdown } from '../../web/src/components/talk/Markdown.js'
import { MAX_SOURCE, parseMarkdown, quoteForReply, safeHref, type Block, type Inline } from '../../web/src/lib/markdown.js'

const text = (t: string): Inline => ({ type: 'text', text: t })
const para = (...children: Inline[]): Block => ({ type: 'paragraph', children })
const inlineOf = (src: string) => {
  const [first, ...rest] = parseMarkdown(src)
  assert.equal(rest.length, 0, 'one block')
  assert.equal(first?.type, 'paragraph')
  return first.type === 'paragraph' ? first.children : []
}
const html = (src: string) => renderToStaticMarkup(createElement(Markdown, { text: src }))

describe('Markdown: blocks', () => {
  it('splits paragraphs at blank lines and keeps single newlines as line breaks', () => {
    assert.deepEqual(parseMarkdown('one\ntwo\n\n\nthree'), [para(text('one'), { type: 'break' }, text('two')), para(text('three'))])
    assert.deepEqual(parseMarkdown('a\r\nb'), [para(text('a'), { type: 'break' }, text('b'))])
    assert.deepEqual(parseMarkdown(''), [])
  })

  it('keeps fenced code as it is, Markdown and HTML alike, closed or not', () => {
    assert.deepEqual(parseMarkdown('```ts\n*not em*\n<b>x</b>\n```\nafter'), [{ type: 'codeBlock', text: '*not em*\n<b>x</b>' }, para(text('after'))])
    assert.deepEqual(parseMarkdown('~~~\nrest\n```'), [{ type: 'codeBlock', text: 'rest\n```' }])
    assert.deepEqual(parseMarkdown('```a``` b'), [para({ type: 'code', text: 'a' }, text(' b'))])
  })

  it('reads bullet and numbered lists, with one level inside', () => {
    assert.deepEqual(parseMarkdown('- a\n  more\n* b\n  - b1\n  - b2\n+ c'), [
      {
        type: 'list',
        ordered: false,
        start: 1,
        items: [
          { children: [text('a'), { type: 'break' }, text('more')], list: null },
          { children: [text('b')], list: { type: 'list', ordered: false, start: 1, items: [{ children: [text('b1')], list: null }, { children: [text('b2')], list: null }] } },
          { children: [text('c')], list: null },
        ],
      },
    ])
    assert.deepEqual(parseMarkdown('3. three\n4) four'), [
      { type: 'list', ordered: true, start: 3, items: [{ children: [text('three')], list: null }, { children: [text('four')], list: null }] },
    ])
  })

  it('lets a list interrupt a paragraph, and takes a third level as text', () => {
    const [p, list] = parseMarkdown('I have:\n- a\n  - b\n    - c')
    assert.deepEqual(p, para(text('I have:')))
    assert.equal(list?.type, 'list')
    const inner = list?.type === 'list' ? list.items[0]?.list?.items[0] : undefined
    assert.deepEqual(inner, { children: [text('b'), { type: 'break' }, text('- c')], list: null })
    assert.deepEqual(parseMarkdown('-not a list\n2021 was a year'), [para(text('-not a list'), { type: 'break' }, text('2021 was a year'))])
  })

  it('reads quotes, nested up to three levels; deeper ">" stay text', () => {
    assert.deepEqual(parseMarkdown('> quoted\n> reply\n\nmine'), [
      { type: 'quote', children: [para(text('quoted'), { type: 'break' }, text('reply'))] },
      para(text('mine')),
    ])
    assert.deepEqual(parseMarkdown('> > > > four'), [{ type: 'quote', children: [{ type: 'quote', children: [{ type: 'quote', children: [para(text('> four'))] }] }] }])
  })
})

describe('Markdown: inline', () => {
  it('reads emphasis, strong and code, and their nesting', () => {
    assert.deepEqual(inlineOf('*a* _b_ **c** __d__ `e*f*`'), [
      { type: 'em', children: [text('a')] }, text(' '),
      { type: 'em', children: [text('b')] }, text(' '),
      { type: 'strong', children: [text('c')] }, text(' '),
      { type: 'strong', children: [text('d')] }, text(' '),
      { type: 'code', text: 'e*f*' },
    ])
    assert.deepEqual(inlineOf('***both***'), [{ type: 'strong', children: [{ type: 'em', children: [text('both')] }] }])
    assert.deepEqual(inlineOf('*a **b** c*'), [{ type: 'em', children: [text('a '), { type: 'strong', children: [text('b')] }, text(' c')] }])
    assert.deepEqual(inlineOf('这是*重点*内容'), [text('这是'), { type: 'em', children: [text('重点')] }, text('内容')])
  })

  it('leaves unmatched or spaced delimiters, snake_case and escapes as text', () => {
    assert.deepEqual(inlineOf('** not strong ** and *open'), [text('** not strong ** and *open')])
    assert.deepEqual(inlineOf('snake_case_name'), [text('snake_case_name')])
    assert.deepEqual(inlineOf('\\*not em\\* `open'), [text('*not em* `open')])
    assert.deepEqual(inlineOf('`` a`b ``'), [{ type: 'code', text: 'a`b' }])
  })

  it('stops nesting inline spans at four levels: a fifth stays text', () => {
    const deep = inlineOf('*a __b _c **d [x](https://x.example) d** c_ b__ a*')
    const depth = (nodes: Inline[]): number => Math.max(0, ...nodes.map((n) => (n.type === 'em' || n.type === 'strong' ? 1 + depth(n.children) : 0)))
    assert.equal(depth(deep), 4)
    assert.match(JSON.stringify(deep), /"text":"d \[x\]\("/)
  })

  it('links [text](url) and bare URLs, http and https only', () => {
    assert.deepEqual(inlineOf('[the **docs**](https://example.com/a_(b))'), [
      { type: 'link', href: 'https://example.com/a_(b)', children: [text('the '), { type: 'strong', children: [text('docs')] }] },
    ])
    assert.deepEqual(inlineOf('see https://example.com/x?y=1. 看http://example.org。'), [
      text('see '), { type: 'link', href: 'https://example.com/x?y=1', children: [text('https://example.com/x?y=1')] },
      text('. 看'), { type: 'link', href: 'http://example.org/', children: [text('http://example.org')] }, text('。'),
    ])
    assert.deepEqual(inlineOf('(https://example.com/wiki/A_(b))'), [
      text('('), { type: 'link', href: 'https://example.com/wiki/A_(b)', children: [text('https://example.com/wiki/A_(b)')] }, text(')'),
    ])
  })

  it('refuses javascript:, data:, relative and user@ URLs: they stay text', () => {
    for (const src of ['[x](javascript:alert(1))', '[x](JaVaScRiPt:alert(1))', '[x](data:text/html,<script>alert(1)</script>)', '[x](//evil.example)', '[x](/relative)', '[x](vbscript:msgbox)', '[x](https://bank.example@evil.example)', 'javascript:alert(1)'])
      assert.deepEqual(inlineOf(src), [text(src)], src)
    for (const bad of ['javascript:alert(1)', ' https://a.example', 'https://a.example/\u0000', 'ftp://a.example', 'mailto:a@b.example']) assert.equal(safeHref(bad), null, bad)
  })

  it('keeps HTML-looking input as text', () => {
    for (const src of ['<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '<a href="javascript:alert(1)">x</a>', '&lt;b&gt;'])
      assert.deepEqual(inlineOf(src), [text(src)], src)
  })
})

describe('Markdown: limits', () => {
  it('reads a very long text as plain paragraphs, quickly', () => {
    const long = '*a* [x](https://example.com) '.repeat(50_000)
    const started = performance.now()
    const blocks = parseMarkdown(`${long}\n\nnext`)
    assert.ok(long.length > MAX_SOURCE)
    assert.deepEqual(blocks.map((b) => b.type), ['paragraph', 'paragraph'])
    assert.deepEqual(blocks[0], para(text(long.trim())))
    assert.ok(performance.now() - started < 1000)
  })

  it('stays linear on hostile input just under the limit', () => {
    const n = MAX_SOURCE - 10
    const hostile = ['*a ', '_a ', '`a ', '[', '[a](', '*'.repeat(n / 2) + 'a', '> ', '- a\n  - b\n', 'http://a.b/', 'https://x.example/' + ')'.repeat(n - 20), '**_`[](<']
    for (const unit of hostile) {
      const src = unit.repeat(Math.max(1, Math.floor(n / unit.length))).slice(0, n)
      const started = performance.now()
      parseMarkdown(src)
      const ms = performance.now() - started
      assert.ok(ms < 500, `${JSON.stringify(unit.slice(0, 12))} took ${ms.toFixed(0)} ms`)
    }
  })
})

describe('quoteForReply', () => {
  it('quotes the first lines and marks what was left out', () => {
    assert.equal(quoteForReply('one\ntwo\n\nthree\nfour'), '> one\n> two\n>\n> …\n\n')
    assert.equal(quoteForReply('\n\nonly\n\n'), '> only\n\n')
    assert.equal(quoteForReply('a\nb', 1), '> a\n> …\n\n')
    assert.equal(quoteForReply('   \n'), '')
  })

  it('quotes the post, not the quote it began with, and closes a cut code fence', () => {
    assert.equal(quoteForReply('> older\n> words\n\nmy answer'), '> my answer\n\n')
    assert.equal(quoteForReply('> all quote'), '> all quote\n\n')
    assert.equal(quoteForReply('```\ncode\nmore\nend\n```', 2), '> ```\n> code\n> ```\n> …\n\n')
  })

  it('cuts a very long line, and reads back as a quote', () => {
    const q = quoteForReply('x'.repeat(5000))
    assert.equal(q, `> ${'x'.repeat(200)}…\n\n`)
    assert.equal(parseMarkdown(`${quoteForReply('*hi*\nthere')}reply`)[0]?.type, 'quote')
  })
})

/** Every tag and attribute the component may write; every href must be http(s). */
const TAGS = new Set(['div', 'p', 'br', 'em', 'strong', 'code', 'pre', 'ul', 'ol', 'li', 'blockquote', 'a'])
const ATTRIBUTES = new Set(['class', 'href', 'rel', 'target', 'start'])

function assertSafe(out: string, src: string) {
  assert.doesNotMatch(out, /<script/i, src)
  for (const [, tag, attrs] of out.matchAll(/<\/?([a-zA-Z0-9]+)([^>]*)>/g)) {
    assert.ok(TAGS.has(tag!), `tag ${tag} from ${JSON.stringify(src)}`)
    for (const [, name, value] of attrs!.matchAll(/\s([^\s=/>]+)(?:="([^"]*)")?/g)) {
      assert.ok(ATTRIBUTES.has(name!), `attribute ${name} from ${JSON.stringify(src)}`)
      if (name === 'href') assert.match(value!, /^https?:\/\/[^\s"]+$/, src)
      if (name === 'rel') assert.equal(value, 'noopener nofollow ugc')
    }
  }
}

describe('<Markdown> rendered to HTML', () => {
  it('is checked by a whitelist that does catch what it looks for', () => {
    for (const bad of ['<script>x</script>', '<img src="x">', '<p onclick="x">y</p>', '<a href="javascript:x">y</a>', '<a href="data:x">y</a>', '<a href="https://a" rel="noopener">y</a>'])
      assert.throws(() => assertSafe(bad, bad), assert.AssertionError, bad)
    assertSafe('<p><a href="https://a.example/" rel="noopener nofollow ugc" target="_blank">y</a></p>', 'fine')
  })

  it('writes the expected elements, links with rel="noopener nofollow ugc" and target="_blank"', () => {
    assert.equal(
      html('Hi *you*\n\n[docs](https://example.com) <b>x</b>'),
      '<div class="markdown"><p>Hi <em>you</em></p><p><a href="https://example.com/" rel="noopener nofollow ugc" target="_blank">docs</a> &lt;b&gt;x&lt;/b&gt;</p></div>',
    )
    assert.equal(html('3. a\n\n> q\n\n```\n<i>\n```'), '<div class="markdown"><ol start="3"><li>a</li></ol><blockquote><p>q</p></blockquote><pre><code>&lt;i&gt;</code></pre></div>')
  })

  it('never lets a script, an event handler or a non-http(s) link through', () => {
    const attacks = [
      '<script>alert(1)</script>',
      '<img src=x onerror=alert(1)>',
      '[x](javascript:alert(1))',
      '[x](https://a.example" onmouseover="alert(1))',
      'https://a.example/"onmouseover=alert(1)',
      '[<script>](https://a.example)',
      '```\n</code></pre><script>alert(1)</script>\n```',
      '> <svg onload=alert(1)>',
      '[x](data:text/html;base64,PHNjcmlwdD4=)',
    ]
    for (const src of attacks) assertSafe(html(src), src)
  })

  it('holds for random mixes of Markdown and attack pieces', () => {
    const pieces = ['<script>', '</script>', '<img src=x onerror=alert(1)>', 'javascript:alert(1)', 'JAVASCRIPT:', 'data:text/html,', '[a](', '](', ')', '(', 'https://x.example/', 'http://', '//evil', '*', '**', '_', '`', '```', '\n', '\n\n', '> ', '- ', '1. ', '  ', 'onclick=', '"', "'", '\\', '&', '&#106;', 'é', '中文', '\u0000', '\u202e']
    let seed = 20261202
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)
    for (let n = 0; n < 400; n++) {
      let src = ''
      for (let k = 0, len = 1 + Math.floor(random() * 30); k < len; k++) src += pieces[Math.floor(random() * pieces.length)]
      assertSafe(html(src), src)
    }
  })
})
