import { useMemo, useRef, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { CreateSalary, TitleFamily } from '../../../../shared/src/api/company-reviews.js'
import { SALARIES } from '../../../../shared/src/api/limits.js'
import { SALARY_CURRENCIES, salaryBounds } from '../../../../shared/src/companies/salary-currencies.js'
import { clientFormError, focusFirstInvalid, type FieldErrors, type FormError } from '../../lib/problem.js'
import { SelectField, TextField } from '../Field.js'
import { FormAlert } from '../FormAlert.js'
import type { CompanyRecords } from './company-records.js'
import { currencyName, formatMoney, recordFormError } from './review-format.js'
import { TitleFamilySelect } from './TitleFamilySelect.js'

export interface SalaryDraft {
  titleFamily: TitleFamily | ''
  level: string
  location: string
  yearsExperience: string
  base: string
  bonus: string
  equity: string
  currency: string
  year: string
}

export function emptySalary(lang: string): SalaryDraft {
  return {
    titleFamily: '',
    level: '',
    location: '',
    yearsExperience: '',
    base: '',
    bonus: '',
    equity: '',
    currency: lang.startsWith('zh') ? 'CNY' : 'USD',
    year: String(new Date().getFullYear()),
  }
}

/** What a record taken back (or refused) held, back in the form. */
export function salaryDraftFrom(body: Omit<CreateSalary, 'token'>): SalaryDraft {
  return {
    titleFamily: body.titleFamily,
    level: body.level ?? '',
    location: body.location,
    yearsExperience: String(body.yearsExperience),
    base: String(body.base),
    bonus: body.bonus !== undefined ? String(body.bonus) : '',
    equity: body.equity !== undefined ? String(body.equity) : '',
    currency: body.currency,
    year: String(body.year),
  }
}

/** "120,000", "120 000" or "120000" → 120000; null for anything that is not a whole number. */
function parseWhole(value: string): number | null {
  const s = value.replace(/[\s,_'’\u00a0\u202f]/g, '')
  return /^\d{1,13}$/.test(s) ? Number(s) : null
}

const KNOWN = new Set(['/titleFamily', '/level', '/location', '/yearsExperience', '/base', '/bonus', '/equity', '/currency', '/year'])

/**
 * Adding one's salary (anonymous): job family, level, location, experience, base, bonus and
 * equity for one year, in one currency. The plausible range of each figure (salaryBounds, the
 * server's own rule) is checked here first, so a typo — an extra zero, a monthly figure — is
 * caught before the yearly token is spent on it.
 */
export function SalaryForm({ company, locations, records, initial, waiting, onPublished, onCancel }: {
  company: { slug: string; name: string }
  /** The company's places, offered as suggestions. */
  locations: readonly string[]
  records: CompanyRecords
  /** Empty (emptySalary), or a refused or taken-back report's figures. */
  initial: SalaryDraft
  waiting: boolean
  onPublished: () => void
  onCancel: () => void
}) {
  const { t, i18n } = useTranslation()
  const lang = i18n.resolvedLanguage ?? 'en'
  const [d, setD] = useState<SalaryDraft>(initial)
  const [error, setError] = useState<FormError | null>(null)
  const [busy, setBusy] = useState(false)
  const formRef = useRef<HTMLFormElement>(null)
  const set = (patch: Partial<SalaryDraft>) => setD((old) => ({ ...old, ...patch }))
  const fe = error?.fields ?? {}
  const thisYear = new Date().getFullYear()
  const years = Array.from({ length: SALARIES.yearsBack + 1 }, (_, i) => thisYear - i).filter((y) => y >= 2000)
  const currencies = useMemo(
    () => Object.keys(SALARY_CURRENCIES).map((code) => ({ code, name: currencyName(code, lang) })),
    [lang],
  )
  const bounds = salaryBounds(d.currency)

  function check(): { errors: FieldErrors; body: Omit<CreateSalary, 'token'> | null } {
    const e: FieldErrors = {}
    if (!d.titleFamily) e['/titleFamily'] = t('companyReviews.form.choiceRequired')
    if (d.level.length > SALARIES.levelLength) e['/level'] = t('companyReviews.form.tooLong', { max: SALARIES.levelLength })
    if (!d.location.trim()) e['/location'] = t('validation.required')
    else if (d.location.length > SALARIES.locationLength) e['/location'] = t('companyReviews.form.tooLong', { max: SALARIES.locationLength })
    const experience = parseWhole(d.yearsExperience)
    if (!d.yearsExperience.trim()) e['/yearsExperience'] = t('validation.required')
    else if (experience === null || experience > SALARIES.maxYearsExperience) e['/yearsExperience'] = t('companyReviews.salaryForm.yearsRange', { max: SALARIES.maxYearsExperience })
    if (!bounds) e['/currency'] = t('companyReviews.errors.unknown_currency')
    const base = parseWhole(d.base)
    if (!d.base.trim()) e['/base'] = t('validation.required')
    else if (base === null) e['/base'] = t('companyReviews.salaryForm.whole')
    else if (bounds && (base < bounds.minBase || base > bounds.maxBase)) {
      e['/base'] = t('companyReviews.salaryForm.baseRange', { min: formatMoney(bounds.minBase, d.currency, lang), max: formatMoney(bounds.maxBase, d.currency, lang) })
    }
    const extra = (field: 'bonus' | 'equity'): number | undefined => {
      if (!d[field].trim()) return undefined
      const v = parseWhole(d[field])
      if (v === null) e[`/${field}`] = t('companyReviews.salaryForm.whole')
      else if (bounds && v > bounds.maxExtra) e[`/${field}`] = t('companyReviews.salaryForm.extraRange', { max: formatMoney(bounds.maxExtra, d.currency, lang) })
      return v ?? undefined
    }
    const bonus = extra('bonus')
    const equity = extra('equity')
    const year = Number(d.year)
    if (!Number.isInteger(year) || year > thisYear || year < thisYear - SALARIES.yearsBack) e['/year'] = t('companyReviews.salaryForm.yearRange', { from: thisYear - SALARIES.yearsBack, to: thisYear })
    if (Object.keys(e).length > 0) return { errors: e, body: null }
    return {
      errors: e,
      body: {
        titleFamily: d.titleFamily as TitleFamily,
        ...(d.level.trim() && { level: d.level.trim() }),
        location: d.location.trim(),
        yearsExperience: experience!,
        base: base!,
        ...(bonus !== undefined && { bonus }),
        ...(equity !== undefined && { equity }),
        currency: d.currency,
        year,
      },
    }
  }

  async function onSubmit(e: FormEvent) {
    e.preventDefault()
    if (busy) return
    const { errors, body } = check()
    const invalid = clientFormError(t, errors)
    setError(invalid)
    if (invalid || !body) return focusFirstInvalid(formRef.current)
    setBusy(true)
    try {
      await records.publish({ kind: 'salary', company: company.slug, body })
      onPublished()
    } catch (err) {
      setError(recordFormError(t, err, (p) => KNOWN.has(p)))
      focusFirstInvalid(formRef.current)
    } finally {
      setBusy(false)
    }
  }

  const amount = (field: 'base' | 'bonus' | 'equity', label: string, optional: boolean) => (
    <TextField id={`salary-${field}`} label={label} optional={optional} value={d[field]} inputMode="numeric" autoComplete="off"
      hint={field === 'base' ? t('companyReviews.salaryForm.baseHint', { currency: d.currency }) : undefined}
      onChange={(e) => set({ [field]: e.target.value })} error={fe[`/${field}`]} />
  )

  return (
    <form ref={formRef} className="record-form" onSubmit={(e) => void onSubmit(e)} noValidate aria-labelledby="salary-form-title">
      <h3 id="salary-form-title">{t('companyReviews.salaryForm.title', { company: company.name })}</h3>
      <p className="hint">{t('companyReviews.salaryForm.anonymous', { min: SALARIES.minReports })}</p>
      {waiting && <p className="hint">{t('companyReviews.form.waitingNote')}</p>}
      <FormAlert error={error} />
      <div className="form-grid">
        <TitleFamilySelect id="salary-titleFamily" value={d.titleFamily} onChange={(v) => set({ titleFamily: v })} error={fe['/titleFamily']} />
        <TextField id="salary-level" label={t('companyReviews.salaryForm.level')} optional value={d.level} maxLength={SALARIES.levelLength}
          hint={t('companyReviews.salaryForm.levelHint')} onChange={(e) => set({ level: e.target.value })} error={fe['/level']} />
        <TextField id="salary-location" label={t('companyReviews.salaryForm.location')} value={d.location} maxLength={SALARIES.locationLength} required
          list={locations.length > 0 ? 'salary-locations' : undefined} hint={t('companyReviews.salaryForm.locationHint')}
          onChange={(e) => set({ location: e.target.value })} error={fe['/location']} />
        <TextField id="salary-yearsExperience" label={t('companyReviews.salaryForm.yearsExperience')} value={d.yearsExperience} inputMode="numeric"
          autoComplete="off" required onChange={(e) => set({ yearsExperience: e.target.value })} error={fe['/yearsExperience']} />
        <SelectField id="salary-currency" label={t('companyReviews.salaryForm.currency')} value={d.currency}
          onChange={(e) => set({ currency: e.target.value })} error={fe['/currency']}>
          {currencies.map((c) => (
            <option key={c.code} value={c.code}>{c.code === c.name ? c.code : `${c.code} – ${c.name}`}</option>
          ))}
        </SelectField>
        <SelectField id="salary-year" label={t('companyReviews.salaryForm.year')} value={d.year} onChange={(e) => set({ year: e.target.value })} error={fe['/year']}>
          {years.map((y) => (
            <option key={y} value={String(y)}>{y}</option>
          ))}
        </SelectField>
        {amount('base', t('companyReviews.salaryForm.base'), false)}
        {amount('bonus', t('companyReviews.salaryForm.bonus'), true)}
        {amount('equity', t('companyReviews.salaryForm.equity'), true)}
      </div>
      {locations.length > 0 && (
        <datalist id="salary-locations">
          {locations.map((l) => (
            <option key={l} value={l} />
          ))}
        </datalist>
      )}
      <div className="save-row">
        <button type="submit" className="button button-primary" aria-disabled={busy}>
          {busy ? t('companyReviews.form.sending') : t('companyReviews.salaryForm.submit')}
        </button>
        <button type="button" className="button button-secondary" onClick={onCancel}>{t('companyReviews.form.cancel')}</button>
      </div>
    </form>
  )
}
