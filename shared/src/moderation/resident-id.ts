import type { Span } from './spans.js'

/**
 * Mainland China resident identity numbers (GB 11643-1999): six digits of region, the birth date
 * YYYYMMDD, three of sequence, and an ISO 7064 MOD 11-2 check character. Only a number whose
 * check character and birth date are right is reported: an 18-digit run passes both by chance
 * well under one time in ten thousand, so an order number is rarely mistaken for an ID.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const
const CHECK_CHARS = '10X98765432'
const EARLIEST_BIRTH_YEAR = 1900

/**
 * First digit 1–6 (mainland regions) or 8 (residence permits for Hong Kong, Macao and Taiwan);
 * optionally written 6-8-4 with a space or dash. Digits on either side mean a longer number.
 */
const CANDIDATE = /(?<!\d)[1-68]\d{5}[ -]?\d{8}[ -]?\d{3}[\dXx](?![\dXx])/g

/** The check character for the first 17 digits of an ID ('0'–'9' or 'X'). */
export function residentIdCheckChar(first17: string): string {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (WEIGHTS[i] as number)
  return CHECK_CHARS[sum % 11] as string
}

/** Whether 18 characters (no separators) are a well-formed ID born between 1900 and `today`. */
export function isValidResidentId(id: string, today: Date = new Date()): boolean {
  if (!/^[1-68]\d{16}[\dXx]$/.test(id)) return false
  if (residentIdCheckChar(id) !== id.slice(17).toUpperCase()) return false
  return isBirthDate(id.slice(6, 14), today)
}

function isBirthDate(yyyymmdd: string, today: Date): boolean {
  const year = Number(yyyymmdd.slice(0, 4))
  const month = Number(yyyymmdd.slice(4, 6))
  const day = Number(yyyymmdd.slice(6, 8))
  if (year < EARLIEST_BIRTH_YEAR || month < 1 || month > 12 || day < 1) return false
  const date = new Date(Date.UTC(year, month - 1, day))
  if (date.getUTCMonth() !== month - 1) return false // 31 April, 29 February of a common year
  return date.getTime() <= today.getTime()
}

export function findResidentIds(text: string): Span[] {
  const out: Span[] = []
  for (const m of text.matchAll(CANDIDATE)) {
    if (isValidResidentId(m[0].replace(/[ -]/g, ''))) out.push({ start: m.index, end: m.index + m[0].length })
  }
  return out
}
