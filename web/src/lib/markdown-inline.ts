/**
 * The inline half of Work Talk's Markdown subset (see markdown.ts): *em*, **strong**, `code`,
 * line breaks, [links](https://…) and bare http(s) URLs. Text is only ever text: nothing here
 * makes HTML, and a link survives only with an http: or https: URL.
 */

export type Inline =
  | { type: 'text'; text: string }
  | { type: 'break' }
  | { type: 'code'; text: string }
  | { type: 'em' | 'strong'; children: Inline[] }
  | { type: 'link'; href: string; children: Inline[] }

const MAX_INLINE_DEPTH = 4
const MAX_URL = 2048
const PUNCTUATION = /[!-/:-@[-`{-~]/
const ALNUM = /[\p{L}\p{N}]/u
/** What ends a bare URL: spaces, quotes and brackets, Han characters, CJK punctuation. */
const URL_END = /[\s<>"'`\p{Script=Han}\u3000-\u303f\uff00-\uffef]/u

/** The URL as an href, or null unless it is an absolute http: or https: URL. */
export function safeHref(raw: string): string | null {
  if (raw.length > MAX_URL || /[\s\u0000-\u001f]/.test(raw)) return null
  try {
    const url = new URL(raw)
    // No "user@" part: "https://bank.example@evil.example" is a phishing trick, never needed in a post.
    const web = (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname && !url.username && !url.password
    return web ? url.href : null
  } catch {
    return null
  }
}

/** Inline spans of one paragraph or list item. `inLink`: no links inside a link's text. */
export function parseInline(s: string, depth = 0, inLink = false): Inline[] {
  const out: Inline[] = []
  let buf = ''
  const flush = () => {
    if (buf) out.push({ type: 'text', text: buf })
    buf = ''
  }
  const push = (node: Inline) => {
    flush()
    out.push(node)
  }
  const find = forwardSearch(s)
  let i = 0
  while (i < s.length) {
    const c = s[i]!
    const next = s[i + 1] ?? ''
    if (c === '\\' && PUNCTUATION.test(next)) {
      buf += next
      i += 2
      continue
    }
    if (c === '\n') {
      push({ type: 'break' })
      i++
      continue
    }
    if (c === '`') {
      const ticks = runLength(s, i)
      const end = find.run('`', ticks, i + ticks, () => true)
      const code = s.slice(i + ticks, end)
      if (end < 0) buf += s.slice(i, i + ticks)
      else push({ type: 'code', text: /^ .*[^ ].* $/s.test(code) ? code.slice(1, -1) : code })
      i = end < 0 ? i + ticks : end + ticks
      continue
    }
    const linked = c === '[' && !inLink && depth < MAX_INLINE_DEPTH ? link(s, i, find) : null
    if (linked) {
      push({ type: 'link', href: linked.href, children: parseInline(linked.label, depth + 1, true) })
      i = linked.end
      continue
    }
    // Only after a non-letter, so "xhttps://" is not a link; Chinese may come right before one.
    if ((c === 'h' || c === 'H') && !inLink && !/[A-Za-z0-9]/.test(s[i - 1] ?? '') && /^https?:\/\//i.test(s.slice(i, i + 8))) {
      const { url, run } = bareUrl(s, i)
      const href = url && safeHref(url)
      if (url && href) push({ type: 'link', href, children: [{ type: 'text', text: url }] })
      else buf += s.slice(i, i + run)
      i += url && href ? url.length : run
      continue
    }
    if ((c === '*' || c === '_') && depth < MAX_INLINE_DEPTH && canOpen(s, i, c)) {
      const k = next === c ? 2 : 1
      const end = canOpen(s, i + k - 1, c) ? find.run(c, k, i + k, (at, len) => canClose(s, at, len, c)) : -1
      if (end > i + k) {
        push({ type: k === 2 ? 'strong' : 'em', children: parseInline(s.slice(i + k, end), depth + 1, inLink) })
        i = end + k
        continue
      }
    }
    buf += c
    i++
  }
  flush()
  return out
}

function runLength(s: string, at: number): number {
  let n = 0
  while (s[at + n] === s[at]) n++
  return n
}

/** "*" or "_" at `at` opens when a non-space follows it; "_" also not inside a word (snake_case). */
function canOpen(s: string, at: number, c: string): boolean {
  const next = s[at + 1]
  return next !== undefined && !/\s/.test(next) && (c === '*' || !ALNUM.test(s[at - 1] ?? ''))
}

function canClose(s: string, at: number, len: number, c: string): boolean {
  return !/\s/.test(s[at - 1] ?? ' ') && (c === '*' || !ALNUM.test(s[at + len] ?? ''))
}

/**
 * Searches that only look forward of where the parser is, remembering the last answer: the
 * parser's position only grows, so an answer still ahead of it is still right. This keeps a
 * paragraph of a thousand unclosed "*" linear instead of quadratic.
 */
function forwardSearch(s: string) {
  const memo = new Map<string, { from: number; at: number; start: number }>()
  return {
    /** Where a run of exactly `len` × `ch` (or 3, using its last `len`) closes, at or after `from`. */
    run(ch: string, len: number, from: number, ok: (at: number, len: number) => boolean): number {
      const key = `${ch}${len}`
      const seen = memo.get(key)
      if (seen && seen.from <= from && (seen.at < 0 || seen.start >= from)) return seen.at
      let at = -1
      let start = -1
      for (let p = s.indexOf(ch, from); p >= 0; ) {
        const n = runLength(s, p)
        // A run that began before `from` is the opener's own ("***a***" opened with "**").
        const own = p === from && s[p - 1] === ch
        const close = n === len ? p : ch !== '`' && n === 3 ? p + 3 - len : -1
        if (!own && close >= 0 && ok(close, len)) {
          at = close
          start = p
          break
        }
        p = s.indexOf(ch, p + n)
      }
      memo.set(key, { from, at, start })
      return at
    },
    index(ch: string, from: number): number {
      const seen = memo.get(ch)
      if (seen && seen.from <= from && (seen.at < 0 || seen.at >= from)) return seen.at
      const at = s.indexOf(ch, from)
      memo.set(ch, { from, at, start: at })
      return at
    },
  }
}

/** "[label](https://…)" at `at`, with one level of brackets allowed in the URL (Wikipedia's). */
function link(s: string, at: number, find: ReturnType<typeof forwardSearch>): { label: string; href: string; end: number } | null {
  const close = find.index(']', at + 1)
  if (close < 0 || s[close + 1] !== '(' || close === at + 1) return null
  const m = /^\(([^\s()]*(?:\([^\s()]*\)[^\s()]*)*)\)/.exec(s.slice(close + 1, close + 3 + MAX_URL))
  const href = m && safeHref(m[1]!)
  return href ? { label: s.slice(at + 1, close), href, end: close + 1 + m[0].length } : null
}

/**
 * A bare URL at `at` without the punctuation that ends the sentence around it (a ")" stays when
 * the URL opened one), and how far the run of URL characters goes: a run that is no URL is text.
 */
function bareUrl(s: string, at: number): { url: string | null; run: number } {
  let run = at
  while (run < s.length && !URL_END.test(s[run]!)) run++
  if (run - at > MAX_URL) return { url: null, run: run - at }
  let end = run
  let open = 0
  let closed = 0
  for (let p = at; p < run; p++) {
    if (s[p] === '(') open++
    else if (s[p] === ')') closed++
  }
  for (;;) {
    const last = s[end - 1]!
    if (/[.,;:!?*_~]/.test(last)) end--
    else if (last === ')' && open < closed) {
      end--
      closed--
    } else break
  }
  return { url: end - at > 'https://'.length ? s.slice(at, end) : null, run: run - at }
}
