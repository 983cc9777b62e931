/**
 * The Markdown subset Work Talk posts are written in, parsed to a small tree that the Markdown
 * component turns into React elements. There is no HTML in or out: "<b>" is text like any other,
 * and a link is kept only when its URL is http: or https:. Paragraphs, line breaks, *em*,
 * **strong**, `code`, fenced code, lists (two levels), quotes (three levels) and links.
 *
 * Every step is linear or bounded: searches only move forward and remember what they found, and
 * nesting stops at fixed depths, so a hostile post costs no more to read than a long one. This
 * file has the blocks; markdown-inline.ts the spans inside them.
 */

import { parseInline, type Inline } from './markdown-inline.js'

export type { Inline } from './markdown-inline.js'
export { safeHref } from './markdown-inline.js'

export interface ListBlock {
  type: 'list'
  ordered: boolean
  start: number
  items: { children: Inline[]; list: ListBlock | null }[]
}

export type Block = { type: 'paragraph'; children: Inline[] } | { type: 'codeBlock'; text: string } | { type: 'quote'; children: Block[] } | ListBlock

/** Above this a text is shown as plain paragraphs (posts are at most 10,000 characters). */
export const MAX_SOURCE = 20_000
const MAX_QUOTE_DEPTH = 3
const MAX_LIST_DEPTH = 2

/** A backtick fence's info string has no backtick: "```a``` b" is a line of text. */
const FENCE = /^ {0,3}(`{3,}(?=[^`]*$)|~{3,})/
const QUOTE = /^ {0,3}> ?/
const LIST_ITEM = /^( *)([-*+]|\d{1,3}[.)])[ \t]+(\S.*)$/
const BLANK = /^\s*$/

export function parseMarkdown(source: string): Block[] {
  const lines = source.replace(/\r\n?/g, '\n').split('\n')
  if (source.length > MAX_SOURCE) return plainBlocks(lines)
  return parseBlocks(lines, 0)
}

/** Over the limit: paragraphs and line breaks only, nothing else looked for. */
function plainBlocks(lines: string[]): Block[] {
  const text = lines.join('\n')
  return text.split(/\n\s*\n/).filter((p) => !BLANK.test(p)).map((p) => ({ type: 'paragraph', children: withBreaks(p.trim()) }))
}

function withBreaks(text: string): Inline[] {
  return text.split('\n').flatMap((t, i): Inline[] => (i ? [{ type: 'break' }, { type: 'text', text: t }] : [{ type: 'text', text: t }]))
}

function parseBlocks(lines: string[], depth: number): Block[] {
  const blocks: Block[] = []
  const isQuote = (l: string) => depth < MAX_QUOTE_DEPTH && QUOTE.test(l)
  const startsBlock = (l: string) => FENCE.test(l) || isQuote(l) || LIST_ITEM.test(l)
  let i = 0
  while (i < lines.length) {
    const line = lines[i]!
    const fence = FENCE.exec(line)
    if (BLANK.test(line)) {
      i++
    } else if (fence) {
      // Closed by a fence of the same character, at least as long; unclosed, it runs to the end.
      const mark = fence[1]!
      const closing = new RegExp(`^ {0,3}${mark[0]}{${mark.length},}\\s*$`)
      const body: string[] = []
      for (i++; i < lines.length && !closing.test(lines[i]!); i++) body.push(lines[i]!)
      i++
      blocks.push({ type: 'codeBlock', text: body.join('\n') })
    } else if (isQuote(line)) {
      const inner: string[] = []
      for (; i < lines.length && isQuote(lines[i]!); i++) inner.push(lines[i]!.replace(QUOTE, ''))
      blocks.push({ type: 'quote', children: parseBlocks(inner, depth + 1) })
    } else if (LIST_ITEM.test(line)) {
      const [list, next] = parseList(lines, i, 1, startsBlock)
      blocks.push(list)
      i = next
    } else {
      const para = [line]
      for (i++; i < lines.length && !BLANK.test(lines[i]!) && !startsBlock(lines[i]!); i++) para.push(lines[i]!)
      blocks.push({ type: 'paragraph', children: parseInline(para.map(tidy).join('\n')) })
    }
  }
  return blocks
}

const tidy = (line: string) => line.replace(/^[ \t]+|[ \t]+$/g, '')

/**
 * Items with the same kind of marker; a marker indented two spaces more opens a list inside the
 * item (one level), deeper ones are text. Other lines continue the item until a blank line.
 */
function parseList(lines: string[], from: number, level: number, startsBlock: (l: string) => boolean): [ListBlock, number] {
  const first = LIST_ITEM.exec(lines[from]!)!
  const indent = first[1]!.length
  const ordered = /\d/.test(first[2]!)
  const list: ListBlock = { type: 'list', ordered, start: ordered ? Number.parseInt(first[2]!, 10) : 1, items: [] }
  let text: string[] = []
  let sub: ListBlock | null = null
  const close = () => {
    if (text.length) list.items.push({ children: parseInline(text.join('\n')), list: sub })
  }
  let i = from
  for (; i < lines.length; i++) {
    const line = lines[i]!
    const m = LIST_ITEM.exec(line)
    if (m && m[1]!.length < indent) break
    if (m && m[1]!.length < indent + 2) {
      if (/\d/.test(m[2]!) !== ordered) break
      close()
      text = [m[3]!]
      sub = null
    } else if (m && level < MAX_LIST_DEPTH && !sub) {
      const [inner, next] = parseList(lines, i, level + 1, startsBlock)
      sub = inner
      i = next - 1
    } else if (BLANK.test(line) || (!m && startsBlock(line))) {
      break
    } else {
      text.push(tidy(line))
    }
  }
  close()
  return [list, i]
}

/** A quoted line is cut here: the quote is a reminder of what is answered, not a copy. */
const MAX_QUOTED_LINE = 200

/**
 * The first `maxLines` lines of a post as "> …" lines to start a reply with, then a blank line
 * for the answer. The post's own quotes are left out (a reply to a reply quotes the reply, not
 * the quote before it) unless it is all quote; a code fence cut off is closed.
 */
export function quoteForReply(body: string, maxLines = 3): string {
  const all = body.replace(/\r\n?/g, '\n').split('\n').map((l) => l.trimEnd())
  const own = all.filter((l) => !QUOTE.test(l))
  const lines = (own.some((l) => l) ? own : all.map((l) => l.replace(QUOTE, ''))).join('\n').trim().split('\n')
  if (!lines[0]) return ''
  const count = Math.max(1, maxLines)
  const shown = lines.slice(0, count).map((l) => {
    const chars = Array.from(l)
    return chars.length > MAX_QUOTED_LINE ? `${chars.slice(0, MAX_QUOTED_LINE).join('')}…` : l
  })
  const fences = shown.filter((l) => FENCE.test(l))
  if (fences.length % 2) shown.push(FENCE.exec(fences.at(-1)!)![1]!)
  if (lines.length > count) shown.push('…')
  return `${shown.map((l) => (l ? `> ${l}` : '>')).join('\n')}\n\n`
}
