/**
 * Issuer-key epochs (DESIGN §2): `talk`, `talk-former` and `react` keys live for an ISO week
 * ("2026-W48"), `review`, `salary` and `interview` keys for a year ("2026"). A token is valid in
 * its epoch and the next.
 */
export type Purpose = 'talk' | 'talk-former' | 'react' | 'review' | 'salary' | 'interview'
export const PURPOSES: readonly Purpose[] = ['talk', 'talk-former', 'react', 'review', 'salary', 'interview']

/** The purposes whose epoch is a calendar year; the others' is an ISO week. */
export const YEARLY_PURPOSES: readonly Purpose[] = ['review', 'salary', 'interview']
const yearly = (p: Purpose) => YEARLY_PURPOSES.includes(p)

const DAY_MS = 24 * 60 * 60 * 1000

/** ISO 8601 week-numbering year and week of a UTC moment. */
export function isoWeek(d: Date): { year: number; week: number } {
  const day = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()))
  const weekday = day.getUTCDay() || 7 // Monday 1 … Sunday 7
  day.setUTCDate(day.getUTCDate() + 4 - weekday) // the Thursday of this week decides its year
  const year = day.getUTCFullYear()
  const week = Math.ceil(((day.getTime() - Date.UTC(year, 0, 1)) / DAY_MS + 1) / 7)
  return { year, week }
}

export function epochOf(purpose: Purpose, at: Date): string {
  if (yearly(purpose)) return String(at.getUTCFullYear())
  const { year, week } = isoWeek(at)
  return `${year}-W${String(week).padStart(2, '0')}`
}

/** The epoch after the one containing `at`. */
export function nextEpochOf(purpose: Purpose, at: Date): string {
  if (yearly(purpose)) return String(at.getUTCFullYear() + 1)
  return epochOf(purpose, new Date(at.getTime() + 7 * DAY_MS))
}

/** The epoch before the one containing `at`. */
export function previousEpochOf(purpose: Purpose, at: Date): string {
  if (yearly(purpose)) return String(at.getUTCFullYear() - 1)
  return epochOf(purpose, new Date(at.getTime() - 7 * DAY_MS))
}

/** True during the last UTC day of the epoch containing `at` (when the next key is published too). */
export function inLastDayOfEpoch(purpose: Purpose, at: Date): boolean {
  return epochOf(purpose, new Date(at.getTime() + DAY_MS)) !== epochOf(purpose, at)
}
