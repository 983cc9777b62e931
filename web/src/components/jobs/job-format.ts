import type { TFunction } from 'i18next'
import type { CreateJobAlert, Job, JobAlert, JobQuery, Workplace } from '../../../../shared/src/api/jobs.js'
import { SALARY_CURRENCIES } from '../../../../shared/src/companies/salary-currencies.js'
import { isApiError } from '../../api/client.js'
import { errorMessage } from '../../lib/problem.js'

export const WORKPLACES = ['remote', 'hybrid', 'onsite'] as const satisfies readonly Workplace[]
export const isWorkplace = (v: string | null | undefined): v is Workplace => WORKPLACES.some((w) => w === v)

const cache = new Map<string, Intl.NumberFormat>()
function moneyFormat(lang: string, currency: string): Intl.NumberFormat | null {
  const key = `${lang}|${currency}`
  let f = cache.get(key)
  if (!f) {
    try {
      f = new Intl.NumberFormat(lang, { style: 'currency', currency, maximumFractionDigits: 0, minimumFractionDigits: 0 })
    } catch {
      return null
    }
    cache.set(key, f)
  }
  return f
}

/** 120000 USD → "$120,000" / "US$120,000": whole units, in the currency's sign. */
export function formatMoney(value: number, currency: string, lang: string): string {
  return moneyFormat(lang, currency)?.format(value) ?? `${value} ${currency}`
}

/** A job's pay as the UI language writes a range ("CN¥400,000–600,000"), or null when it states none. */
export function salaryText(t: TFunction, job: Pick<Job, 'salaryMin' | 'salaryMax' | 'currency'>, lang: string): string | null {
  const { salaryMin: min, salaryMax: max, currency } = job
  if (!currency || (min === null && max === null)) return null
  const f = moneyFormat(lang, currency)
  const one = (v: number) => f?.format(v) ?? `${v} ${currency}`
  if (min !== null && max !== null) {
    if (min === max) return t('jobs.salary.exact', { amount: one(min) })
    try {
      if (f) return t('jobs.salary.range', { range: f.formatRange(min, max) })
    } catch {
      // An older engine without formatRange: the two ends written out.
    }
    return t('jobs.salary.range', { range: `${one(min)} – ${one(max)}` })
  }
  if (min !== null) return t('jobs.salary.from', { amount: one(min) })
  return t('jobs.salary.upTo', { amount: one(max!) })
}

/** "Euro" / "欧元"; the code itself where the browser has no name for it. */
export function currencyName(code: string, lang: string): string {
  try {
    return new Intl.DisplayNames(lang, { type: 'currency' }).of(code) ?? code
  } catch {
    return code
  }
}

/** The currencies a job's pay may be in, named in the UI language, by code. */
export function currencyOptions(lang: string): { code: string; name: string }[] {
  return Object.keys(SALARY_CURRENCIES).map((code) => ({ code, name: currencyName(code, lang) }))
}

/** Problem codes of the jobs API that have their own message under `jobs.errors.<code>`. */
const JOB_CODES = new Set([
  'not_representative',
  'job_closed',
  'already_applied',
  'not_a_pdf',
  'file_too_large',
  'unknown_currency',
  'too_many_jobs',
  'limit_reached',
  'already_asked',
  'withdrawn',
])

/** The message for a failed jobs call: the jobs codes translated here, everything else as elsewhere. */
export function jobsErrorMessage(t: TFunction, err: unknown): string {
  if (isApiError(err) && JOB_CODES.has(err.code)) return t(`jobs.errors.${err.code}` as 'jobs.errors.job_closed')
  return errorMessage(t, err)
}

/** The search filters, as the form holds them (text), and as the address carries them. */
export interface JobFilters {
  q: string
  location: string
  workplace: Workplace | ''
  salaryMin: string
  currency: string
  company: string
}

export const EMPTY_FILTERS: JobFilters = { q: '', location: '', workplace: '', salaryMin: '', currency: '', company: '' }

export function filtersFromParams(p: URLSearchParams): JobFilters {
  const workplace = p.get('workplace')
  return {
    q: p.get('q') ?? '',
    location: p.get('location') ?? '',
    workplace: isWorkplace(workplace) ? workplace : '',
    salaryMin: /^[0-9]{1,13}$/.test(p.get('salaryMin') ?? '') ? p.get('salaryMin')! : '',
    currency: /^[A-Z]{3}$/.test(p.get('currency') ?? '') ? p.get('currency')! : '',
    company: p.get('company') ?? '',
  }
}

export function filtersToParams(f: JobFilters): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(f) as [keyof JobFilters, string][]) if (v.trim()) out[k] = v.trim()
  return out
}

/** The salary field as a whole number of units, or null when empty or not a number. */
export function amountOf(text: string): number | null {
  const s = text.replace(/[\s,_']/g, '')
  if (!/^[0-9]{1,13}$/.test(s)) return null
  return Number(s)
}

/** A company as its address names it: "Contoso Ltd" → "contoso-ltd". */
const slugOf = (s: string) => s.trim().toLowerCase().replace(/\s+/g, '-')

export function filtersToQuery(f: JobFilters): JobQuery {
  const salaryMin = amountOf(f.salaryMin)
  return {
    ...(f.q.trim() && { q: f.q.trim() }),
    ...(f.location.trim() && { location: f.location.trim() }),
    ...(f.workplace && { workplace: f.workplace }),
    ...(salaryMin !== null && { salaryMin }),
    ...(f.currency && { currency: f.currency }),
    ...(f.company.trim() && { company: slugOf(f.company) }),
  }
}

export function filtersToAlert(f: JobFilters, mail: boolean): CreateJobAlert {
  const q = filtersToQuery(f)
  return {
    ...(q.q !== undefined && { q: q.q }),
    ...(q.location !== undefined && { location: q.location }),
    ...(q.workplace !== undefined && { workplace: q.workplace }),
    ...(q.salaryMin !== undefined && { salaryMin: q.salaryMin }),
    ...(q.currency !== undefined && { currency: q.currency }),
    mail,
  }
}

export const hasFilters = (f: JobFilters) => Object.values(f).some((v) => v.trim() !== '')

/** An alert's filters in words: "“data engineer” · Shanghai · Hybrid · at least CN¥300,000". */
export function describeAlert(t: TFunction, a: JobAlert, lang: string): string {
  const parts: string[] = []
  if (a.q) parts.push(t('jobs.alerts.words', { q: a.q }))
  if (a.location) parts.push(a.location)
  if (a.workplace) parts.push(t(`jobs.workplace.${a.workplace}`))
  if (a.salaryMin !== null) parts.push(t('jobs.alerts.atLeast', { amount: a.currency ? formatMoney(a.salaryMin, a.currency, lang) : String(a.salaryMin) }))
  else if (a.currency) parts.push(a.currency)
  return parts.length ? parts.join(' · ') : t('jobs.alerts.everyJob')
}
