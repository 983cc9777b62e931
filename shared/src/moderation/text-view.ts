/**
 * Checks run on a normalised copy of the text (full-width digits and "＠" folded by NFKC, runs of
 * white space collapsed) but must report positions in the text the author wrote. A view is such a
 * copy that remembers, for each of its UTF-16 units, the span of the original it came from.
 */
export interface TextView {
  readonly text: string
  /** `from[i]`: start in the original of the character that produced `text[i]`. */
  readonly from: readonly number[]
  /** `to[i]`: end (exclusive) in the original of the character that produced `text[i]`. */
  readonly to: readonly number[]
}

/** A base character with the combining marks after it: NFKC composes within such a cluster only. */
const CLUSTER = /\P{M}\p{M}*|\p{M}+/gsu
const SPACE = /^\s+$/u
const LINE_BREAK = /[\n\r\v\f\u0085\u2028\u2029]/u

/**
 * NFKC per cluster, white space collapsed to one ' ' — or one '\n' when the run holds a line
 * break, so that numbers on separate lines are never joined into one.
 */
export function foldView(original: string): TextView {
  const units: string[] = []
  const from: number[] = []
  const to: number[] = []
  let lastWasSpace = false
  for (const m of original.matchAll(CLUSTER)) {
    const start = m.index
    const end = start + m[0].length
    if (SPACE.test(m[0])) {
      const breaks = LINE_BREAK.test(m[0])
      if (lastWasSpace) {
        to[to.length - 1] = end
        if (breaks) units[units.length - 1] = '\n'
      } else {
        units.push(breaks ? '\n' : ' ')
        from.push(start)
        to.push(end)
      }
      lastWasSpace = true
      continue
    }
    lastWasSpace = false
    const folded = isAscii(m[0]) ? m[0] : m[0].normalize('NFKC')
    for (let k = 0; k < folded.length; k++) {
      units.push(folded[k] as string)
      from.push(start)
      to.push(end)
    }
  }
  return { text: units.join(''), from, to }
}

/**
 * A view of a view: only the code points `keep` accepts, lower-cased if asked, still mapped to the
 * original. Used to match terms with spaces or punctuation slipped between their characters.
 */
export function projectView(view: TextView, keep: (ch: string) => boolean, lower: boolean): TextView {
  const units: string[] = []
  const from: number[] = []
  const to: number[] = []
  const text = view.text
  for (let i = 0; i < text.length; ) {
    const len = (text.codePointAt(i) as number) > 0xffff ? 2 : 1
    const ch = text.slice(i, i + len)
    if (keep(ch)) {
      const out = lower ? ch.toLowerCase() : ch
      for (let k = 0; k < out.length; k++) {
        units.push(out[k] as string)
        from.push(view.from[i] as number)
        to.push(view.to[i + len - 1] as number)
      }
    }
    i += len
  }
  return { text: units.join(''), from, to }
}

/** The original span of `view.text.slice(start, end)`; `end > start`. */
export function originalSpan(view: TextView, start: number, end: number): { start: number; end: number } {
  return { start: view.from[start] as number, end: view.to[end - 1] as number }
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false
  return true
}
