import type { TFunction } from 'i18next'
import { formatDateTime } from './dates.js'

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400],
  ['hour', 3_600],
  ['minute', 60],
]

/** "5 minutes ago" / "5分钟前"; older than a month: the date. Work Talk times are to the minute. */
export function relativeTime(t: TFunction, iso: string, lang: string, now = Date.now()): string {
  const at = new Date(iso).getTime()
  if (Number.isNaN(at)) return iso
  const seconds = Math.round((at - now) / 1000)
  if (Math.abs(seconds) < 60) return t('talk.time.justNow')
  if (Math.abs(seconds) > 30 * 86_400) return formatDateTime(iso, lang)
  const rtf = new Intl.RelativeTimeFormat(lang, { numeric: 'auto' })
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return rtf.format(Math.round(seconds / size), unit)
  }
  return t('talk.time.justNow')
}
