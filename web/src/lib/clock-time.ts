/** A moment as a wall-clock time ("14:05" / "下午2:05"), in the viewer's time zone. */
export function formatClockTime(ms: number, lang: string): string {
  return new Intl.DateTimeFormat(lang, { timeStyle: 'short' }).format(new Date(ms))
}

/** A moment that may fall on another day: the time alone today, else with its weekday ("Tue 14:05" / "周二 14:05"). */
export function formatMomentTime(ms: number, lang: string, now = Date.now()): string {
  const day = (t: number) => new Date(t).toDateString()
  if (day(ms) === day(now)) return formatClockTime(ms, lang)
  return new Intl.DateTimeFormat(lang, { weekday: 'short', hour: 'numeric', minute: '2-digit' }).format(new Date(ms))
}
