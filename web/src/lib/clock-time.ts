/** A moment as a wall-clock time ("14:05" / "下午2:05"), in the viewer's time zone. */
export function formatClockTime(ms: number, lang: string): string {
  return new Intl.DateTimeFormat(lang, { timeStyle: 'short' }).format(new Date(ms))
}
