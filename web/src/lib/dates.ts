/** Date formatting for profile data. The API sends months as YYYY-MM and days as YYYY-MM-DD. */

function utcDate(year: number, month: number, day = 1): Date {
  return new Date(Date.UTC(year, month - 1, day))
}

function parseYearMonth(value: string): Date | null {
  const m = /^(\d{4})-(\d{2})/.exec(value)
  if (!m) return null
  return utcDate(Number(m[1]), Number(m[2]))
}

function parseDay(value: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value)
  if (!m) return null
  return utcDate(Number(m[1]), Number(m[2]), Number(m[3]))
}

/** "Mar 2021" / "2021年3月" */
export function formatMonth(value: string, lang: string): string {
  const d = parseYearMonth(value)
  if (!d) return value
  return new Intl.DateTimeFormat(lang, { year: 'numeric', month: 'short', timeZone: 'UTC' }).format(d)
}

/** "March 2021" / "2021年3月" */
export function formatLongMonth(value: string, lang: string): string {
  const d = parseYearMonth(value)
  if (!d) return value
  return new Intl.DateTimeFormat(lang, { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(d)
}

/** "5 Mar 2021" / "2021年3月5日" */
export function formatDay(value: string, lang: string): string {
  const d = parseDay(value)
  if (!d) return value
  return new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeZone: 'UTC' }).format(d)
}

export const YEAR_MONTH = /^(19|20)\d\d-(0[1-9]|1[0-2])$/

/** The value a `<input type="month">` gives is already YYYY-MM; text fallbacks may give "2021-3". */
export function normalizeYearMonth(value: string): string {
  const m = /^\s*(\d{4})-(\d{1,2})\s*$/.exec(value)
  if (!m) return value.trim()
  return `${m[1]}-${m[2]!.padStart(2, '0')}`
}

/** An ISO timestamp as "5 Mar 2021, 14:05" / "2021年3月5日 14:05", in the viewer's time zone. */
export function formatDateTime(iso: string, lang: string): string {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  return new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' }).format(d)
}
