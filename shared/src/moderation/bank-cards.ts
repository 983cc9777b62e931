import type { Span } from './spans.js'

/** Payment card numbers are 13–19 digits (ISO/IEC 7812). */
export const BANK_CARD_DIGITS = { min: 13, max: 19 } as const

/** Runs of digits with single spaces or dashes between groups. One pass, no backtracking to speak of. */
const DIGIT_RUN = /\d+(?:[ -]\d+)*/g

/** The Luhn (mod 10) check every payment card number passes. */
export function passesLuhn(digits: string): boolean {
  let sum = 0
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48
    if (d < 0 || d > 9) return false
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2
    sum += d
  }
  return digits.length > 0 && sum % 10 === 0
}

interface Group {
  start: number
  end: number
  digits: string
  /** The separator before this group ('' for the first of a run). */
  sep: string
}

/**
 * Card-number spans: a whole group of 13–19 digits, or groups written the way cards are printed —
 * fours with a shorter last group (6222 0212 3456 7890 123) or American Express 4-6-5 — with one
 * separator throughout, passing Luhn. `taken` says whether a span already belongs to a more
 * specific rule (resident ID, phone number), which keeps it.
 */
export function findBankCards(text: string, taken: (span: Span) => boolean): Span[] {
  const out: Span[] = []
  for (const run of text.matchAll(DIGIT_RUN)) {
    if (isDecimalPart(text, run.index, run.index + run[0].length)) continue
    const groups = splitGroups(run[0], run.index)
    for (let s = 0; s < groups.length; ) {
      const e = longestCard(groups, s, taken)
      if (e < 0) s++
      else {
        out.push({ start: (groups[s] as Group).start, end: (groups[e] as Group).end })
        s = e + 1
      }
    }
  }
  return out
}

/**
 * The last group of the card starting at group `s`, or -1. Only the longest card-shaped window is
 * tried, and only where it could not be extended to the left: a shorter window inside a longer
 * number passes Luhn one time in ten, and a number that fails as a whole is not a card.
 */
function longestCard(groups: readonly Group[], s: number, taken: (span: Span) => boolean): number {
  let digits = ''
  let best = -1
  let bestDigits = ''
  for (let e = s; e < groups.length; e++) {
    const g = groups[e] as Group
    digits += g.digits
    if (digits.length > BANK_CARD_DIGITS.max) break
    if (e > s + 1 && g.sep !== (groups[s + 1] as Group).sep) break
    if (digits.length >= BANK_CARD_DIGITS.min && isCardLayout(groups, s, e)) {
      best = e
      bestDigits = digits
    }
  }
  if (best < 0 || (best > s && extendsLeft(groups, s, best, bestDigits.length))) return -1
  const span = { start: (groups[s] as Group).start, end: (groups[best] as Group).end }
  return passesLuhn(bestDigits) && !/^(\d)\1*$/.test(bestDigits) && !taken(span) ? best : -1
}

/** Whether the group before `s` would continue the grouped number s..e (same separator, still card-shaped). */
function extendsLeft(groups: readonly Group[], s: number, e: number, length: number): boolean {
  const before = groups[s - 1]
  if (before === undefined || (groups[s] as Group).sep !== (groups[s + 1] as Group).sep) return false
  return length + before.digits.length <= BANK_CARD_DIGITS.max && isCardLayout(groups, s - 1, e)
}

function isCardLayout(groups: readonly Group[], s: number, e: number): boolean {
  if (s === e) return true
  const lengths = groups.slice(s, e + 1).map((g) => g.digits.length)
  if (lengths.join('-') === '4-6-5') return true
  const last = lengths[lengths.length - 1] as number
  return lengths.slice(0, -1).every((n) => n === 4) && last >= 1 && last <= 4
}

function splitGroups(run: string, offset: number): Group[] {
  const groups: Group[] = []
  for (const m of run.matchAll(/(^|[ -])(\d+)/g)) {
    const start = offset + m.index + (m[1] as string).length
    groups.push({ start, end: start + (m[2] as string).length, digits: m[2] as string, sep: m[1] as string })
  }
  return groups
}

/** Whether the run is the fraction or integer part of a decimal ("3.14159265358979323"). */
function isDecimalPart(text: string, start: number, end: number): boolean {
  return /\d[.,]$/.test(text.slice(Math.max(0, start - 2), start)) || /^[.,]\d/.test(text.slice(end, end + 2))
}
