import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router-dom'
import type { Job } from '../../../../shared/src/api/jobs.js'
import { jobsApi } from '../../api/jobs.js'
import { formatDay } from '../../lib/dates.js'
import { CompanyLogo } from '../company/CompanyLogo.js'
import { jobsErrorMessage, salaryText } from './job-format.js'

/** Save / unsave a job: optimistic, put back if the server says no. */
export function SaveToggle({ job, onChange }: { job: Pick<Job, 'id' | 'title' | 'saved'>; onChange?: (saved: boolean) => void }) {
  const { t } = useTranslation()
  const [saved, setSaved] = useState(job.saved)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => setSaved(job.saved), [job.id, job.saved])

  async function toggle() {
    if (busy) return
    const next = !saved
    setSaved(next)
    setBusy(true)
    setError(null)
    try {
      await (next ? jobsApi.save(job.id) : jobsApi.unsave(job.id))
      onChange?.(next)
    } catch (err) {
      setSaved(!next)
      setError(jobsErrorMessage(t, err))
    } finally {
      setBusy(false)
    }
  }

  return (
    <span className="job-save">
      <button type="button" className={saved ? 'button button-secondary job-saved' : 'button button-quiet'} aria-pressed={saved} aria-disabled={busy}
        onClick={() => void toggle()}>
        <span aria-hidden="true">{saved ? '★' : '☆'}</span> {saved ? t('jobs.card.saved') : t('jobs.card.save')}
        <span className="visually-hidden"> – {job.title}</span>
      </button>
      {error && <span role="alert" className="field-error">{error}</span>}
    </span>
  )
}

/** The facts of a job in one line: place, workplace, posted. */
export function JobFacts({ job }: { job: Job }) {
  const { t, i18n } = useTranslation()
  const lang = i18n.resolvedLanguage ?? 'en'
  return (
    <p className="job-facts muted small">
      <span>{job.location}</span>
      <span aria-hidden="true"> · </span>
      <span>{t(`jobs.workplace.${job.workplace}`)}</span>
      <span aria-hidden="true"> · </span>
      <span>{t('jobs.card.posted', { date: formatDay(job.postedOn, lang) })}</span>
    </p>
  )
}

/**
 * A job in a list (search, saved jobs, a company's jobs, site search): title, company with its
 * logo, place, workplace, pay, posted date, the viewer's "Saved" toggle and "Applied" badge.
 */
export function JobCard({ job, className, kind }: { job: Job; className?: string; kind?: string }) {
  const { t, i18n } = useTranslation()
  const lang = i18n.resolvedLanguage ?? 'en'
  const salary = salaryText(t, job, lang)
  const titleId = `job-${job.id}-title`
  return (
    <li className={`job-card ${className ?? ''}`} aria-labelledby={titleId}>
      <CompanyLogo company={job.company} size="small" decorative />
      <div className="job-card-body">
        {kind && <span className="search-kind">{kind}</span>}
        <h3 id={titleId} className="job-card-title">
          <Link to={`/jobs/${job.id}`}>{job.title}</Link>
        </h3>
        <p className="job-company">
          <Link to={`/companies/${job.company.slug}`}>{job.company.name}</Link>
        </p>
        <JobFacts job={job} />
        {salary && <p className="job-salary">{salary}</p>}
        <div className="job-card-actions">
          {job.applied && <span className="badge badge-verified">{t('jobs.card.applied')}</span>}
          {!job.open && <span className="badge badge-former">{t('jobs.card.closed')}</span>}
          {job.canManage && job.applicationCount !== null && (
            <span className="muted small">{t('jobs.card.applications', { count: job.applicationCount })}</span>
          )}
          <SaveToggle job={job} />
        </div>
      </div>
    </li>
  )
}
