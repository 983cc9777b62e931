/**
 * ISO-week epochs, as the server counts them (DESIGN §2: talk keys live for an ISO week and their
 * tokens stay valid through the next week). Only used to decide which saved tokens to keep.
 */
const DAY_MS = 24 * 60 * 60 * 1000

export function isoWeekOf(d: Date): string {
  const day = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()))
  const weekday = day.getUTCDay() || 7
  day.setUTCDate(day.getUTCDate() + 4 - weekday)
  const year = day.getUTCFullYear()
  const week = Math.ceil(((day.getTime() - Date.UTC(year, 0, 1)) / DAY_MS + 1) / 7)
  return `${year}-W${String(week).padStart(2, '0')}`
}

/** The ISO week before the one containing `now`. */
export function previousIsoWeek(now: Date): string {
  return isoWeekOf(new Date(now.getTime() - 7 * DAY_MS))
}

/**
 * Whether tokens of a key of this epoch can still be spent. "2026-W07" strings compare correctly as
 * text (zero-padded). Epochs of other shapes (a year, for review keys) are kept while current.
 */
export function epochStillValid(epoch: string, now: Date): boolean {
  if (!/^\d{4}-W\d{2}$/.test(epoch)) return epoch >= String(now.getUTCFullYear())
  return epoch >= previousIsoWeek(now)
}
