import { englishDataset, englishRecommendedTransformers, RegExpMatcher } from 'obscenity'
import type { Span } from './spans.js'
import { projectView, type TextView } from './text-view.js'
import { ZH_TERMS } from './zh-terms.js'

/**
 * Profanity: English by the `obscenity` library (leetspeak, repeated letters and look-alike
 * characters handled, with its whitelist: "Scunthorpe", "assassin"), then the Chinese list and
 * the operator's extra terms, matched by this file.
 */
const english = new RegExpMatcher({ ...englishDataset.build(), ...englishRecommendedTransformers })

/**
 * English profanity in the original text (obscenity reports UTF-16 indices, end inclusive). A
 * match must be mostly letters: obscenity reads digits as leetspeak, so without this "I paid 455"
 * is "ass" and a Galaxy A55 is too; "sh1t", "b1tch" and "f4ck" are still found.
 */
export function findEnglishProfanity(original: string): Span[] {
  const out: Span[] = []
  for (const m of english.getAllMatches(original, true)) {
    const high = original.charCodeAt(m.endIndex)
    const span = { start: m.startIndex, end: m.endIndex + (high >= 0xd800 && high <= 0xdbff ? 2 : 1) }
    if (mostlyLetters(original.slice(span.start, span.end))) out.push(span)
  }
  return out
}

function mostlyLetters(s: string): boolean {
  const letters = s.match(/\p{L}/gu)?.length ?? 0
  return letters * 2 > s.length
}

/** What a term is compared as: NFKC, lower case, white space collapsed. */
interface Term {
  /** Only letters, digits and marks (for the compact view). */
  compact: string
  /** Pure ASCII terms, with single spaces: matched as whole words in the lower-cased view. */
  ascii: string | null
}

const LETTER = /^[\p{L}\p{N}\p{M}]+$/u
const isLetter = (ch: string) => LETTER.test(ch)
const ASCII_WORD_CHAR = /[a-z0-9]/

export function toTerm(raw: string): Term | null {
  const folded = raw.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ').trim()
  const compact = [...folded].filter(isLetter).join('')
  if (compact === '') return null
  return { compact, ascii: /^[\x20-\x7e]+$/.test(folded) ? folded : null }
}

const BUILT_IN: readonly Term[] = ZH_TERMS.map(toTerm).filter((t): t is Term => t !== null)

/**
 * The Chinese list and `extraTerms` in the folded view. A non-ASCII term is found with spaces,
 * punctuation, symbols and emoji between its characters ignored ("傻 逼", "傻.逼", "傻😀逼"); where
 * it begins or ends with a Latin letter or digit, that end must be a word boundary ("傻b" is not in
 * "傻boy"). An ASCII term is a whole word or phrase, so "ass" is not found in "class".
 */
export function findTermProfanity(fold: TextView, extraTerms: readonly string[]): Span[] {
  const terms = [...BUILT_IN, ...extraTerms.filter((t) => typeof t === 'string').map(toTerm).filter((t): t is Term => t !== null)]
  const lower = projectView(fold, () => true, true)
  let compact: TextView | null = null
  const out: Span[] = []
  for (const term of terms) {
    if (term.ascii !== null) {
      out.push(...occurrences(lower, term.ascii, lower))
    } else {
      compact ??= projectView(fold, isLetter, true)
      out.push(...occurrences(compact, term.compact, lower))
    }
  }
  return out
}

/** Where `needle` occurs in `view`, as original spans, keeping only those whose ASCII ends are word boundaries. */
function occurrences(view: TextView, needle: string, lower: TextView): Span[] {
  const out: Span[] = []
  const checkStart = ASCII_WORD_CHAR.test(needle[0] as string)
  const checkEnd = ASCII_WORD_CHAR.test(needle[needle.length - 1] as string)
  for (let at = view.text.indexOf(needle); at >= 0; at = view.text.indexOf(needle, at + 1)) {
    const span = { start: view.from[at] as number, end: view.to[at + needle.length - 1] as number }
    if (checkStart && ASCII_WORD_CHAR.test(charBefore(lower, span.start))) continue
    if (checkEnd && ASCII_WORD_CHAR.test(charAfter(lower, span.end))) continue
    out.push(span)
  }
  return out
}

/** The lower-cased character just before an original position ('' at the start). */
function charBefore(lower: TextView, originalStart: number): string {
  const i = lowerBound(lower.to, originalStart + 1) - 1
  return i >= 0 && (lower.to[i] as number) <= originalStart ? (lower.text[i] as string) : ''
}

function charAfter(lower: TextView, originalEnd: number): string {
  const i = lowerBound(lower.from, originalEnd)
  return i < lower.text.length ? (lower.text[i] as string) : ''
}

/** The first index whose value is ≥ `value` in a non-decreasing array. */
function lowerBound(values: readonly number[], value: number): number {
  let lo = 0
  let hi = values.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if ((values[mid] as number) < value) lo = mid + 1
    else hi = mid
  }
  return lo
}
