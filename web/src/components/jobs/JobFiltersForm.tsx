import { useMemo, useState, type FormEvent, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { JOBS } from '../../../../shared/src/api/limits.js'
import { SelectField, TextField } from '../Field.js'
import { amountOf, currencyOptions, isWorkplace, WORKPLACES, type JobFilters } from './job-format.js'

interface Props {
  id: string
  value: JobFilters
  onChange(next: JobFilters): void
  onSubmit(): void
  submitLabel: string
  busy?: boolean
  /** Alerts have no company filter. */
  withCompany?: boolean
  /** Under the fields, before the button (the alert form's "also by e-mail"). */
  children?: ReactNode
  /** The label of the form as a whole. */
  label: string
  role?: 'search'
}

/** The filters of GET /jobs (words, place, workplace, pay, company): the search form and the alert form. */
export function JobFiltersForm({ id, value, onChange, onSubmit, submitLabel, busy = false, withCompany = true, children, label, role }: Props) {
  const { t, i18n } = useTranslation()
  const lang = i18n.resolvedLanguage ?? 'en'
  const currencies = useMemo(() => currencyOptions(lang), [lang])
  const [salaryError, setSalaryError] = useState<string | null>(null)
  const set = (patch: Partial<JobFilters>) => onChange({ ...value, ...patch })

  function submit(e: FormEvent) {
    e.preventDefault()
    if (busy) return
    if (value.salaryMin.trim() && amountOf(value.salaryMin) === null) {
      setSalaryError(t('jobs.filters.salaryFormat'))
      document.getElementById(`${id}-salary`)?.focus()
      return
    }
    setSalaryError(null)
    onSubmit()
  }

  return (
    <form className="job-filters" role={role} aria-label={label} noValidate onSubmit={submit}>
      <div className="job-filters-grid">
        <TextField id={`${id}-q`} label={t('jobs.filters.q')} type="search" value={value.q} maxLength={200} autoComplete="off"
          placeholder={t('jobs.filters.qPlaceholder')} onChange={(e) => set({ q: e.target.value })} className="job-filter-wide" />
        <TextField id={`${id}-location`} label={t('jobs.filters.location')} value={value.location} maxLength={JOBS.locationLength} autoComplete="off"
          onChange={(e) => set({ location: e.target.value })} />
        <SelectField id={`${id}-workplace`} label={t('jobs.filters.workplace')} value={value.workplace}
          onChange={(e) => set({ workplace: isWorkplace(e.target.value) ? e.target.value : '' })}>
          <option value="">{t('jobs.filters.anyWorkplace')}</option>
          {WORKPLACES.map((w) => (
            <option key={w} value={w}>{t(`jobs.workplace.${w}`)}</option>
          ))}
        </SelectField>
        <TextField id={`${id}-salary`} label={t('jobs.filters.salaryMin')} value={value.salaryMin} inputMode="numeric" autoComplete="off"
          maxLength={16} hint={t('jobs.filters.salaryHint')} error={salaryError ?? undefined}
          onChange={(e) => set({ salaryMin: e.target.value })} />
        <SelectField id={`${id}-currency`} label={t('jobs.filters.currency')} value={value.currency} onChange={(e) => set({ currency: e.target.value })}>
          <option value="">{t('jobs.filters.anyCurrency')}</option>
          {currencies.map((c) => (
            <option key={c.code} value={c.code}>{c.code} – {c.name}</option>
          ))}
        </SelectField>
        {withCompany && (
          <TextField id={`${id}-company`} label={t('jobs.filters.company')} value={value.company} maxLength={64} autoComplete="off"
            autoCapitalize="none" spellCheck={false} hint={t('jobs.filters.companyHint')} onChange={(e) => set({ company: e.target.value })} />
        )}
      </div>
      {children}
      <div className="save-row">
        <button type="submit" className="button button-primary" aria-disabled={busy}>{submitLabel}</button>
      </div>
    </form>
  )
}
