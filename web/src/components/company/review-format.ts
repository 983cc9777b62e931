import type { TFunction } from 'i18next'
import type { Me } from '../../../../shared/src/api/index.js'
import { isApiError } from '../../api/client.js'
import { errorMessage, type FormError } from '../../lib/problem.js'
import { checkText, holdingRule } from '../../../../shared/src/moderation/checks.js'
import { reasonLabel } from '../moderation/reasons.js'
import { NoVoiceError, WriteRefusedError } from '../../talk/errors.js'
import { writeError } from '../talk/write-error.js'

/** Numbers of company reviews as the UI language writes them. Intl formatters are cached: lists make many. */
const cache = new Map<string, Intl.NumberFormat>()
function numberFormat(lang: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = lang + JSON.stringify(options)
  let f = cache.get(key)
  if (!f) {
    f = new Intl.NumberFormat(lang, options)
    cache.set(key, f)
  }
  return f
}

/** "4.2" / "4.2": an average to one decimal. */
export function formatAverage(value: number, lang: string): string {
  return numberFormat(lang, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(value)
}

/** 85 → "85%". */
export function formatPercent(value: number, lang: string): string {
  return numberFormat(lang, { style: 'percent', maximumFractionDigits: 0 }).format(value / 100)
}

export function formatCount(value: number, lang: string): string {
  return numberFormat(lang, { maximumFractionDigits: 0 }).format(value)
}

/** 120000 USD → "$120,000" / "US$120,000": whole units, in the currency's own sign. */
export function formatMoney(value: number, currency: string, lang: string): string {
  try {
    return numberFormat(lang, { style: 'currency', currency, maximumFractionDigits: 0, minimumFractionDigits: 0 }).format(value)
  } catch {
    return `${formatCount(value, lang)} ${currency}`
  }
}

/** "Euro" / "欧元"; the code itself where the browser has no name for it. */
export function currencyName(code: string, lang: string): string {
  try {
    return new Intl.DisplayNames(lang, { type: 'currency' }).of(code) ?? code
  } catch {
    return code
  }
}

/** "2026-Q3" → { year: 2026, quarter: 3 }. */
export function quarterParts(value: string): { year: number; quarter: number } | null {
  const m = /^(\d{4})-Q([1-4])$/.exec(value)
  return m ? { year: Number(m[1]), quarter: Number(m[2]) } : null
}

/** Whether the member works (or worked) at the company, by their verifications: current wins over former. */
export function employmentAt(me: Me | null, slug: string): 'current' | 'former' | null {
  const here = me?.employments.filter((e) => e.company.slug === slug) ?? []
  if (here.some((e) => e.status === 'current')) return 'current'
  return here.length > 0 ? 'former' : null
}

/** Refusals of reviews, salary and interview reports that have words of their own here. */
const OWN_CODES = ['not_representative', 'unknown_currency', 'already_written', 'text_check'] as const

/** A problem code as one line: ours, or the app's usual message for it. */
export function recordErrorMessage(t: TFunction, code: string | undefined): string {
  const own = OWN_CODES.find((c) => c === code)
  if (own) return t(`companyReviews.errors.${own}`)
  return t(`errors.${(code ?? 'generic') as 'generic'}`, { defaultValue: t('errors.generic') })
}

/** A failed call of this feature (session or anonymous) as one line. */
export function reviewsError(t: TFunction, err: unknown): string {
  const code = err instanceof WriteRefusedError ? err.code : isApiError(err) ? err.code : ''
  if (OWN_CODES.some((c) => c === code)) return recordErrorMessage(t, code)
  return errorMessage(t, err)
}

/** A failed publishRecord as the form's alert: our own refusals, else as for Work Talk posts. */
export function recordFormError(t: TFunction, err: unknown, knows: (pointer: string) => boolean): FormError {
  if (err instanceof NoVoiceError) return { message: t('companyReviews.errors.no_key'), fields: {}, extra: [] }
  const code = err instanceof WriteRefusedError ? err.code : isApiError(err) ? err.code : ''
  if (OWN_CODES.some((c) => c === code)) {
    const message = recordErrorMessage(t, code)
    return { message, fields: code === 'unknown_currency' && knows('/currency') ? { '/currency': message } : {}, extra: [] }
  }
  return writeError(t, err, knows)
}

/**
 * The server refuses a review or interview report whose text trips an automated check
 * (422 `text_check`, docs/moderation-rules.md): the same check here, field by field, says which
 * field before anything is queued. The operator's extra blocked terms are the server's alone.
 */
export function textCheckErrors(t: TFunction, fields: Record<string, string>, errors: Record<string, string>): void {
  for (const [pointer, text] of Object.entries(fields)) {
    if (errors[pointer] || !text.trim()) continue
    const rule = holdingRule(checkText(text))
    if (rule) errors[pointer] = t('companyReviews.form.textCheck', { rule: reasonLabel(t, rule).toLowerCase() })
  }
}
