import { matchSpans, type Span } from './spans.js'

/**
 * Phone numbers, by shapes that ordinary numbers do not take: a year, a price, "3.5%", a version
 * or a date like 2026-12-03 matches none of them. Each pattern refuses to start right after a
 * digit (or a digit and one separator) and to end right before one, so it never bites a piece out
 * of a longer number such as a bank card written 6222-0212-3456-7890.
 */
const NOT_AFTER_NUMBER = String.raw`(?<![\d+]|\d[ -])`
const NOT_BEFORE_NUMBER = String.raw`(?![ .-]?\d)`

/** One optional separator between digits of an international number: " ", "-", ".", or a parenthesis with spaces around. */
const GAP = String.raw`(?:[ .-]|[ -]?[()][ -]?)?`

const PATTERNS: readonly RegExp[] = [
  // Chinese mobile: 1[3-9] and 9 more digits, grouped 3-4-4 or not, optional +86 / 0086.
  new RegExp(`${NOT_AFTER_NUMBER}(?:(?:\\+|00)86[ -]?)?1[3-9]\\d(?:[ -]?\\d{4}){2}${NOT_BEFORE_NUMBER}`, 'g'),
  // International (E.164): + and 8–15 digits with single separators; more digits is not a phone.
  new RegExp(`(?<![A-Za-z0-9)+])\\+\\d(?:${GAP}\\d){7,14}${NOT_BEFORE_NUMBER}`, 'gu'),
  // Landline with a trunk 0 and an area code: 010-12345678, 0755-1234567, (021) 1234 5678, UK 020 7946 0958.
  new RegExp(`${NOT_AFTER_NUMBER}(?:\\(0\\d{2,3}\\) ?|0\\d{2,3}[ -])\\d{3,4}[ -]?\\d{4}${NOT_BEFORE_NUMBER}`, 'g'),
  // North American: (415) 555-2671, 415-555-2671, 415.555.2671 (one separator used twice).
  new RegExp(`${NOT_AFTER_NUMBER}\\(\\d{3}\\) ?\\d{3}[ .-]\\d{4}${NOT_BEFORE_NUMBER}`, 'g'),
  new RegExp(`(?<![\\d+.-]|\\d )\\d{3}([.-])\\d{3}\\1\\d{4}${NOT_BEFORE_NUMBER}`, 'g'),
  // UK mobile written 07700 900123.
  new RegExp(`${NOT_AFTER_NUMBER}07\\d{3} \\d{6}${NOT_BEFORE_NUMBER}`, 'g'),
]

/** Phone-number spans, possibly overlapping one another (the caller merges a rule's spans). */
export function findPhoneNumbers(text: string): Span[] {
  return PATTERNS.flatMap((p) => matchSpans(text, p))
}
