/**
 * Time, as both sides of the server see it. A neutral module: the sealed anonymous module
 * (`anon/`) may import it, so it must never grow anything that knows about accounts.
 */
export interface Clock {
  now(): Date
}
export const systemClock: Clock = { now: () => new Date() }

/** "YYYY-MM-DD" of a moment, in UTC. */
export function dayOf(d: Date): string {
  return d.toISOString().slice(0, 10)
}

export function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + days)
  return dayOf(d)
}

/**
 * A moment cut to the minute. Every stored time is a day or a minute (DESIGN §4): no table keeps
 * the second at which someone did something.
 */
export function toMinute(d: Date): Date {
  return new Date(Math.floor(d.getTime() / 60_000) * 60_000)
}
