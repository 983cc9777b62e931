import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useSearchParams } from 'react-router-dom'
import { APPLICATION_STATUSES, type Application, type ApplicationStatus, type Job } from '../../../../shared/src/api/jobs.js'
import { jobsApi, resumeUrl } from '../../api/jobs.js'
import { SelectField } from '../../components/Field.js'
import { StatusMessage } from '../../components/FormAlert.js'
import { jobsErrorMessage } from '../../components/jobs/job-format.js'
import { JobsNav } from '../../components/jobs/JobsNav.js'
import { StatusChip } from '../../components/jobs/StatusChip.js'
import { useRepresented } from '../../components/jobs/use-represented.js'
import { RetryAlert } from '../../components/LoadFailed.js'
import { Loading } from '../../components/Loading.js'
import { usePageTitle } from '../../lib/use-page-title.js'

type Settable = (typeof APPLICATION_STATUSES)[number]
const isSettable = (s: string | null): s is Settable => APPLICATION_STATUSES.some((k) => k === s)

type State = { kind: 'loading' } | { kind: 'ok'; key: string; applications: Application[] } | { kind: 'error'; message: string }

function InboxItem({ a, onChanged }: { a: Application; onChanged(a: Application): void }) {
  const { t, i18n } = useTranslation()
  const [status, setStatus] = useState<ApplicationStatus>(a.status)
  const [busy, setBusy] = useState(false)
  const [result, setResult] = useState<{ ok: string } | { error: string } | null>(null)
  const day = new Intl.DateTimeFormat(i18n.resolvedLanguage ?? 'en', { dateStyle: 'medium' })
  const id = `inbox-${a.id}`
  useEffect(() => setStatus(a.status), [a.status])

  async function change(next: string) {
    if (!isSettable(next) || busy) return
    const before = status
    setStatus(next)
    setBusy(true)
    setResult(null)
    try {
      const saved = await jobsApi.setStatus(a.id, next)
      onChanged(saved)
      setResult({ ok: t('jobs.inbox.statusSaved', { name: a.applicant.name, status: t(`jobs.status.${saved.status}`) }) })
    } catch (err) {
      setStatus(before)
      setResult({ error: jobsErrorMessage(t, err) })
    } finally {
      setBusy(false)
    }
  }

  return (
    <li className="inbox-item" aria-labelledby={`${id}-name`}>
      <p className="item-title">
        <Link id={`${id}-name`} to={`/in/${a.applicant.handle}`} className="item-name">{a.applicant.name}</Link>
        <StatusChip status={status} />
      </p>
      {a.applicant.headline && <p className="muted small">{a.applicant.headline}</p>}
      <p className="small">
        {t('jobs.inbox.for')} <Link to={`/jobs/${a.job.id}`}>{a.job.title}</Link>
        <span className="muted"> · {t('jobs.applications.sentOn', { date: day.format(new Date(a.createdAt)) })}</span>
      </p>
      {a.note ? <p className="prewrap application-note">{a.note}</p> : <p className="muted small">{t('jobs.inbox.noNote')}</p>}
      {a.hasResume ? (
        <p><a href={resumeUrl(a.id)} download>{t('jobs.inbox.resume', { name: a.applicant.name })}</a></p>
      ) : (
        <p className="muted small">{t('jobs.inbox.noResume')}</p>
      )}
      {status !== 'withdrawn' && (
        <div className="field inbox-status">
          <label htmlFor={`${id}-status`}>
            {t('jobs.inbox.status')}
            <span className="visually-hidden"> – {a.applicant.name}</span>
          </label>
          <select id={`${id}-status`} value={status} aria-disabled={busy} onChange={(e) => void change(e.target.value)}>
            {APPLICATION_STATUSES.map((s) => (
              <option key={s} value={s}>{t(`jobs.status.${s}`)}</option>
            ))}
          </select>
        </div>
      )}
      {result && 'error' in result && <p role="alert" className="field-error">{result.error}</p>}
      <StatusMessage message={result && 'ok' in result ? result.ok : null} className="status-success" />
    </li>
  )
}

/** Rendered inside <RequireAuth>. /jobs/inbox?company=&job=&status=: a representative's applications, by company, job and status. */
export default function JobsInbox() {
  const { t } = useTranslation()
  const represented = useRepresented()
  const [params, setParams] = useSearchParams()
  const wanted = params.get('company') ?? ''
  const company = represented?.find((c) => c.slug === wanted)?.slug ?? represented?.[0]?.slug ?? ''
  const jobFilter = params.get('job') ?? ''
  const statusParam = params.get('status')
  const statusFilter = isSettable(statusParam) ? statusParam : ''
  const [jobs, setJobs] = useState<Job[]>([])
  const [state, setState] = useState<State>({ kind: 'loading' })
  const [attempt, setAttempt] = useState(0)
  usePageTitle(t('jobs.inbox.title'))
  const key = `${company}|${jobFilter}|${statusFilter}`

  useEffect(() => {
    if (!company) return
    let live = true
    jobsApi.companyJobs(company).then(
      (page) => live && setJobs(page.jobs),
      () => live && setJobs([]),
    )
    return () => {
      live = false
    }
  }, [company])

  useEffect(() => {
    if (!company) return
    let live = true
    setState((s) => (s.kind === 'ok' && s.key === key ? s : { kind: 'loading' }))
    jobsApi.companyApplications(company, { job: jobFilter || undefined, status: statusFilter || undefined }).then(
      (list) => live && setState({ kind: 'ok', key, applications: list.applications }),
      (err: unknown) => live && setState({ kind: 'error', message: jobsErrorMessage(t, err) }),
    )
    return () => {
      live = false
    }
  }, [key, attempt])

  function setFilter(patch: Record<string, string>) {
    const next = { company, job: jobFilter, status: statusFilter, ...patch }
    setParams(Object.fromEntries(Object.entries(next).filter(([, v]) => v)), { replace: true })
  }

  if (represented === null) return <Loading />
  return (
    <div className="jobs-page">
      <h1>{t('jobs.inbox.title')}</h1>
      <JobsNav />
      {represented.length === 0 ? (
        <section className="card"><p>{t('jobs.inbox.notRepresentative')}</p></section>
      ) : (
        <>
          <section className="card" aria-labelledby="inbox-filters-title">
            <h2 id="inbox-filters-title" className="visually-hidden">{t('jobs.inbox.filters')}</h2>
            <div className="job-filters-grid">
              {represented.length > 1 ? (
                <SelectField id="inbox-company" label={t('jobs.inbox.company')} value={company} onChange={(e) => setFilter({ company: e.target.value, job: '' })}>
                  {represented.map((c) => (
                    <option key={c.slug} value={c.slug}>{c.name}</option>
                  ))}
                </SelectField>
              ) : (
                <p className="inbox-company-name">
                  <span className="muted small">{t('jobs.inbox.company')}</span><br />
                  <strong>{represented[0]!.name}</strong>
                </p>
              )}
              <SelectField id="inbox-job" label={t('jobs.inbox.job')} value={jobFilter} onChange={(e) => setFilter({ job: e.target.value })}>
                <option value="">{t('jobs.inbox.allJobs')}</option>
                {jobFilter && !jobs.some((j) => j.id === jobFilter) && <option value={jobFilter}>{t('jobs.inbox.thisJob')}</option>}
                {jobs.map((j) => (
                  <option key={j.id} value={j.id}>{j.open ? j.title : t('jobs.inbox.closedJob', { title: j.title })}</option>
                ))}
              </SelectField>
              <SelectField id="inbox-status-filter" label={t('jobs.inbox.statusFilter')} value={statusFilter} onChange={(e) => setFilter({ status: e.target.value })}>
                <option value="">{t('jobs.inbox.anyStatus')}</option>
                {APPLICATION_STATUSES.map((s) => (
                  <option key={s} value={s}>{t(`jobs.status.${s}`)}</option>
                ))}
              </SelectField>
            </div>
            <p className="muted small">
              <Link to={`/jobs/new?company=${encodeURIComponent(company)}`}>{t('jobs.post.button')}</Link>
            </p>
          </section>
          {state.kind === 'loading' && <p className="muted" role="status">{t('a11y.loading')}</p>}
          {state.kind === 'error' && <RetryAlert message={state.message} onRetry={() => setAttempt((a) => a + 1)} />}
          {state.kind === 'ok' && (
            <section className="card" aria-labelledby="inbox-list-title">
              <h2 id="inbox-list-title" aria-live="polite">{t('jobs.inbox.count', { count: state.applications.length })}</h2>
              {state.applications.length === 0 ? (
                <p>{jobFilter || statusFilter ? t('jobs.inbox.noneFiltered') : t('jobs.inbox.none')}</p>
              ) : (
                <ul className="item-list">
                  {state.applications.map((a) => (
                    <InboxItem key={a.id} a={a}
                      onChanged={(next) => setState((s) => (s.kind === 'ok' ? { ...s, applications: s.applications.map((x) => (x.id === next.id ? next : x)) } : s))} />
                  ))}
                </ul>
              )}
            </section>
          )}
        </>
      )}
    </div>
  )
}
