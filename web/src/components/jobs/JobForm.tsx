import { useMemo, useRef, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { CreateJob, Job, UpdateJob, Workplace } from '../../../../shared/src/api/jobs.js'
import { JOBS } from '../../../../shared/src/api/limits.js'
import { salaryBounds } from '../../../../shared/src/companies/salary-currencies.js'
import { isApiError } from '../../api/client.js'
import { jobsApi } from '../../api/jobs.js'
import { clientFormError, focusFirstInvalid, toFormError, type FieldErrors, type FormError } from '../../lib/problem.js'
import { SelectField, TextArea, TextField } from '../Field.js'
import { FormAlert } from '../FormAlert.js'
import { Markdown } from '../talk/Markdown.js'
import { amountOf, currencyOptions, formatMoney, isWorkplace, jobsErrorMessage, WORKPLACES } from './job-format.js'
import type { Represented } from './use-represented.js'

const FIELDS = new Set(['/companySlug', '/title', '/location', '/workplace', '/salaryMin', '/salaryMax', '/currency', '/description', '/closesOn'])

/** Today and a day `n` days on, as YYYY-MM-DD in UTC (the server's days). */
const utcDay = (d: Date) => d.toISOString().slice(0, 10)
const addDays = (day: string, n: number) => utcDay(new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000))

type Props =
  | { mode: 'create'; companies: Represented[]; company: string; onSaved(job: Job): void; onCancel?: undefined }
  | { mode: 'edit'; job: Job; onSaved(job: Job): void; onCancel(): void }

/**
 * Posting a job (representatives) and editing one. The checks the server makes are made here
 * first, on their fields: a salary needs its currency and a currency a salary; each figure is a
 * plausible yearly pay in that currency (salaryBounds); the minimum is at most the maximum; the
 * closing day is at most JOBS.maxOpenDays after posting. Pay is set when posting only.
 */
export function JobForm(props: Props) {
  const { t, i18n } = useTranslation()
  const lang = i18n.resolvedLanguage ?? 'en'
  const editing = props.mode === 'edit' ? props.job : null
  const [company, setCompany] = useState(props.mode === 'create' ? props.company || (props.companies[0]?.slug ?? '') : '')
  const [title, setTitle] = useState(editing?.title ?? '')
  const [location, setLocation] = useState(editing?.location ?? '')
  const [workplace, setWorkplace] = useState<Workplace>(editing?.workplace ?? 'onsite')
  const [salaryMin, setSalaryMin] = useState('')
  const [salaryMax, setSalaryMax] = useState('')
  const [currency, setCurrency] = useState('')
  const [description, setDescription] = useState(editing?.description ?? '')
  const [closesOn, setClosesOn] = useState(editing?.closesOn ?? '')
  const [preview, setPreview] = useState(false)
  const [error, setError] = useState<FormError | null>(null)
  const [busy, setBusy] = useState(false)
  const formRef = useRef<HTMLFormElement>(null)
  const currencies = useMemo(() => currencyOptions(lang), [lang])
  const today = utcDay(new Date())
  const lastDay = addDays(editing?.postedOn ?? today, JOBS.maxOpenDays)
  const id = editing ? `job-edit` : 'job-new'

  function check(): FieldErrors {
    const f: FieldErrors = {}
    if (props.mode === 'create' && !company) f['/companySlug'] = t('validation.required')
    if (!title.trim()) f['/title'] = t('validation.required')
    if (!location.trim()) f['/location'] = t('validation.required')
    if (!description.trim()) f['/description'] = t('validation.required')
    if (closesOn && closesOn !== (editing?.closesOn ?? '') && (closesOn < today || closesOn > lastDay)) f['/closesOn'] = t('jobs.form.closesRange', { last: lastDay })
    if (props.mode === 'create') {
      const min = salaryMin.trim() ? amountOf(salaryMin) : null
      const max = salaryMax.trim() ? amountOf(salaryMax) : null
      if (salaryMin.trim() && min === null) f['/salaryMin'] = t('jobs.form.wholeNumber')
      if (salaryMax.trim() && max === null) f['/salaryMax'] = t('jobs.form.wholeNumber')
      const any = salaryMin.trim() !== '' || salaryMax.trim() !== ''
      if (any && !currency) f['/currency'] = t('jobs.form.currencyNeeded')
      if (!any && currency) f['/currency'] = t('jobs.form.currencyAlone')
      const b = currency ? salaryBounds(currency) : null
      if (b) {
        const range = t('jobs.form.salaryRange', { min: formatMoney(b.minBase, currency, lang), max: formatMoney(b.maxBase, currency, lang) })
        if (min !== null && (min < b.minBase || min > b.maxBase)) f['/salaryMin'] = range
        if (max !== null && (max < b.minBase || max > b.maxBase)) f['/salaryMax'] = range
      }
      if (min !== null && max !== null && min > max && !f['/salaryMax']) f['/salaryMax'] = t('jobs.form.maxBelowMin')
    }
    return f
  }

  async function onSubmit(e: FormEvent) {
    e.preventDefault()
    if (busy) return
    const invalid = clientFormError(t, check())
    setError(invalid)
    if (invalid) return focusFirstInvalid(formRef.current)
    setBusy(true)
    try {
      let saved: Job
      if (props.mode === 'create') {
        const min = amountOf(salaryMin)
        const max = amountOf(salaryMax)
        const body: CreateJob = {
          companySlug: company,
          title: title.trim(),
          location: location.trim(),
          workplace,
          description: description.trim(),
          ...(min !== null && { salaryMin: min }),
          ...(max !== null && { salaryMax: max }),
          ...(currency && { currency }),
          ...(closesOn && { closesOn }),
        }
        saved = await jobsApi.create(body)
      } else {
        const job = props.job
        const patch: UpdateJob = {}
        if (title.trim() !== job.title) patch.title = title.trim()
        if (location.trim() !== job.location) patch.location = location.trim()
        if (workplace !== job.workplace) patch.workplace = workplace
        if (description.trim() !== job.description) patch.description = description.trim()
        if ((closesOn || null) !== job.closesOn) patch.closesOn = closesOn || null
        saved = Object.keys(patch).length ? await jobsApi.update(job.id, patch) : job
      }
      props.onSaved(saved)
    } catch (err) {
      const code = isApiError(err) ? err.code : ''
      setError(toFormError(t, err, { knows: (p) => FIELDS.has(p), codeFields: { unknown_currency: '/currency' }, codeMessages: { [code]: jobsErrorMessage(t, err) } }))
      focusFirstInvalid(formRef.current)
    } finally {
      setBusy(false)
    }
  }

  const fe = error?.fields ?? {}
  const bounds = currency ? salaryBounds(currency) : null
  return (
    <form ref={formRef} className="job-form" noValidate aria-labelledby={`${id}-title`} onSubmit={(e) => void onSubmit(e)}>
      {editing ? <h3 id={`${id}-title`}>{t('jobs.form.editTitle')}</h3> : <h2 id={`${id}-title`}>{t('jobs.form.newTitle')}</h2>}
      <FormAlert error={error} />
      {props.mode === 'create' && (
        <SelectField id={`${id}-company`} label={t('jobs.form.company')} value={company} onChange={(e) => setCompany(e.target.value)} error={fe['/companySlug']}>
          {props.companies.map((c) => (
            <option key={c.slug} value={c.slug}>{c.name}</option>
          ))}
        </SelectField>
      )}
      <TextField id={`${id}-title-input`} label={t('jobs.form.jobTitle')} value={title} maxLength={JOBS.titleLength} required autoComplete="off"
        onChange={(e) => setTitle(e.target.value)} error={fe['/title']} />
      <div className="grid-2 tight">
        <TextField id={`${id}-location`} label={t('jobs.form.location')} value={location} maxLength={JOBS.locationLength} required autoComplete="off"
          hint={t('jobs.form.locationHint')} onChange={(e) => setLocation(e.target.value)} error={fe['/location']} />
        <SelectField id={`${id}-workplace`} label={t('jobs.form.workplace')} value={workplace}
          onChange={(e) => isWorkplace(e.target.value) && setWorkplace(e.target.value)} error={fe['/workplace']}>
          {WORKPLACES.map((w) => (
            <option key={w} value={w}>{t(`jobs.workplace.${w}`)}</option>
          ))}
        </SelectField>
      </div>
      {props.mode === 'create' && (
        <fieldset className="job-salary-fields" aria-describedby={`${id}-salary-hint`}>
          <legend>{t('jobs.form.salary')} <span className="optional">({t('fields.optional')})</span></legend>
          <p id={`${id}-salary-hint`} className="hint">
            {bounds
              ? t('jobs.form.salaryHintBounds', { min: formatMoney(bounds.minBase, currency, lang), max: formatMoney(bounds.maxBase, currency, lang) })
              : t('jobs.form.salaryHint')}
          </p>
          <div className="job-salary-grid">
            <TextField id={`${id}-salary-min`} label={t('jobs.form.salaryMin')} value={salaryMin} inputMode="numeric" autoComplete="off" maxLength={16}
              onChange={(e) => setSalaryMin(e.target.value)} error={fe['/salaryMin']} />
            <TextField id={`${id}-salary-max`} label={t('jobs.form.salaryMax')} value={salaryMax} inputMode="numeric" autoComplete="off" maxLength={16}
              onChange={(e) => setSalaryMax(e.target.value)} error={fe['/salaryMax']} />
            <SelectField id={`${id}-currency`} label={t('jobs.form.currency')} value={currency} onChange={(e) => setCurrency(e.target.value)} error={fe['/currency']}>
              <option value="">{t('jobs.form.noCurrency')}</option>
              {currencies.map((c) => (
                <option key={c.code} value={c.code}>{c.code} – {c.name}</option>
              ))}
            </SelectField>
          </div>
        </fieldset>
      )}
      <TextArea id={`${id}-description`} label={t('jobs.form.description')} value={description} maxLength={JOBS.descriptionLength} rows={10} required
        hint={t('jobs.form.descriptionHint')} onChange={(e) => setDescription(e.target.value)} error={fe['/description']} />
      <div className="job-preview-row">
        <button type="button" className="button button-quiet" aria-expanded={preview} aria-controls={`${id}-preview`} onClick={() => setPreview((p) => !p)}>
          {preview ? t('jobs.form.hidePreview') : t('jobs.form.preview')}
        </button>
      </div>
      {preview && (
        <div id={`${id}-preview`} className="job-preview" aria-label={t('jobs.form.preview')} role="region">
          {description.trim() ? <Markdown text={description} /> : <p className="muted">{t('jobs.form.nothingToPreview')}</p>}
        </div>
      )}
      <TextField id={`${id}-closes`} type="date" label={t('jobs.form.closesOn')} value={closesOn} optional min={today} max={lastDay}
        hint={t('jobs.form.closesHint', { days: JOBS.maxOpenDays })} onChange={(e) => setClosesOn(e.target.value)} error={fe['/closesOn']} />
      <div className="save-row">
        <button type="submit" className="button button-primary" aria-disabled={busy}>
          {busy ? t('jobs.form.saving') : editing ? t('jobs.form.save') : t('jobs.form.post')}
        </button>
        {props.mode === 'edit' && (
          <button type="button" className="button button-secondary" onClick={props.onCancel}>{t('jobs.form.cancel')}</button>
        )}
      </div>
    </form>
  )
}
