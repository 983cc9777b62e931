import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useLocation, useParams } from 'react-router-dom'
import type { Application, Job } from '../../../../shared/src/api/jobs.js'
import { isApiError } from '../../api/client.js'
import { jobsApi } from '../../api/jobs.js'
import { CompanyLogo } from '../../components/company/CompanyLogo.js'
import { ConfirmBox } from '../../components/ConfirmBox.js'
import { StatusMessage } from '../../components/FormAlert.js'
import { ApplyForm } from '../../components/jobs/ApplyForm.js'
import { JobFacts, SaveToggle } from '../../components/jobs/JobCard.js'
import { JobForm } from '../../components/jobs/JobForm.js'
import { jobsErrorMessage, salaryText } from '../../components/jobs/job-format.js'
import { Referrals } from '../../components/jobs/Referrals.js'
import { StatusChip } from '../../components/jobs/StatusChip.js'
import { LoadFailed } from '../../components/LoadFailed.js'
import { Loading } from '../../components/Loading.js'
import { ReportDialog } from '../../components/moderation/ReportDialog.js'
import { Markdown } from '../../components/talk/Markdown.js'
import { formatDay } from '../../lib/dates.js'
import { usePageTitle } from '../../lib/use-page-title.js'

type State = { kind: 'loading' } | { kind: 'ok'; job: Job } | { kind: 'notFound' } | { kind: 'error'; message: string }

/** The viewer's application to this job, if any: its status, and where to follow it. */
function MyApplication({ job, fresh }: { job: Job; fresh: Application | null }) {
  const { t } = useTranslation()
  const [application, setApplication] = useState<Application | null>(fresh)
  useEffect(() => {
    if (fresh) return setApplication(fresh)
    let live = true
    jobsApi.myApplications().then(
      (list) => live && setApplication(list.applications.find((a) => a.id === job.applied) ?? null),
      () => undefined,
    )
    return () => {
      live = false
    }
  }, [job.applied, fresh])
  return (
    <section className="card" aria-labelledby="my-application-title">
      <h2 id="my-application-title">{t('jobs.apply.yours')}</h2>
      <StatusMessage message={fresh ? t('jobs.apply.sent', { company: job.company.name }) : null} className="status-success" />
      {application && (
        <p className="application-state">
          {t('jobs.apply.status')} <StatusChip status={application.status} />
        </p>
      )}
      <p><Link to="/jobs/applications">{t('jobs.apply.follow')}</Link></p>
    </section>
  )
}

/** Representatives: the job's applications, edit, close and reopen. */
function ManageJob({ job, onChanged }: { job: Job; onChanged(job: Job): void }) {
  const { t } = useTranslation()
  const [editing, setEditing] = useState(false)
  const [confirming, setConfirming] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [done, setDone] = useState<string | null>(null)
  const closeRef = useRef<HTMLButtonElement>(null)
  const editRef = useRef<HTMLButtonElement>(null)

  async function setClosed(closed: boolean) {
    if (busy) return
    setBusy(true)
    setError(null)
    try {
      onChanged(await jobsApi.update(job.id, { closed }))
      setDone(closed ? t('jobs.manage.closedDone') : t('jobs.manage.reopenedDone'))
      setConfirming(false)
      requestAnimationFrame(() => closeRef.current?.focus())
    } catch (err) {
      setError(jobsErrorMessage(t, err))
    } finally {
      setBusy(false)
    }
  }

  return (
    <section className="card manage-job" aria-labelledby="manage-title">
      <h2 id="manage-title">{t('jobs.manage.title')}</h2>
      <p>
        <Link to={`/jobs/inbox?company=${encodeURIComponent(job.company.slug)}&job=${encodeURIComponent(job.id)}`}>
          {t('jobs.manage.applications', { count: job.applicationCount ?? 0 })}
        </Link>
      </p>
      {error && <p role="alert" className="alert alert-error">{error}</p>}
      <StatusMessage message={done} className="status-success" />
      {editing ? (
        <JobForm mode="edit" job={job}
          onSaved={(j) => { onChanged(j); setEditing(false); setDone(t('jobs.manage.saved')); requestAnimationFrame(() => editRef.current?.focus()) }}
          onCancel={() => { setEditing(false); requestAnimationFrame(() => editRef.current?.focus()) }} />
      ) : confirming ? (
        <ConfirmBox id="close-job" question={t('jobs.manage.closeQuestion')} confirmLabel={t('jobs.manage.closeConfirm')} busy={busy} busyLabel={t('jobs.manage.saving')}
          cancelLabel={t('jobs.manage.cancel')} onConfirm={() => void setClosed(true)}
          onCancel={() => { setConfirming(false); requestAnimationFrame(() => closeRef.current?.focus()) }} />
      ) : (
        <div className="save-row">
          <button ref={editRef} type="button" className="button button-secondary" onClick={() => { setDone(null); setEditing(true) }}>{t('jobs.manage.edit')}</button>
          {job.open ? (
            <button ref={closeRef} type="button" className="button button-secondary" onClick={() => { setDone(null); setConfirming(true) }}>{t('jobs.manage.close')}</button>
          ) : (
            <button ref={closeRef} type="button" className="button button-secondary" aria-disabled={busy} onClick={() => void setClosed(false)}>{t('jobs.manage.reopen')}</button>
          )}
        </div>
      )}
    </section>
  )
}

/** Rendered inside <RequireAuth>. /jobs/:id: the job, applying, saving, referrals; for representatives, managing it. */
export default function JobPage() {
  const { t, i18n } = useTranslation()
  const lang = i18n.resolvedLanguage ?? 'en'
  const { id = '' } = useParams()
  const location = useLocation()
  const posted = (location.state as { posted?: boolean } | null)?.posted ?? false
  const [state, setState] = useState<State>({ kind: 'loading' })
  const [attempt, setAttempt] = useState(0)
  const [fresh, setFresh] = useState<Application | null>(null)

  useEffect(() => {
    let live = true
    setState((s) => (s.kind === 'ok' && s.job.id === id ? s : { kind: 'loading' }))
    setFresh(null)
    jobsApi.get(id).then(
      (job) => live && setState({ kind: 'ok', job }),
      (err: unknown) => {
        if (!live) return
        if (isApiError(err) && (err.status === 404 || err.status === 400)) setState({ kind: 'notFound' })
        else setState({ kind: 'error', message: jobsErrorMessage(t, err) })
      },
    )
    return () => {
      live = false
    }
  }, [id, attempt])

  usePageTitle(state.kind === 'ok' ? `${state.job.title} · ${state.job.company.name}` : state.kind === 'notFound' ? t('jobs.job.notFound') : t('jobs.search.title'))

  if (state.kind === 'loading') return <Loading />
  if (state.kind === 'notFound') {
    return (
      <section className="card narrow" aria-labelledby="jnf-title">
        <h1 id="jnf-title">{t('jobs.job.notFound')}</h1>
        <p>{t('jobs.job.notFoundBody')}</p>
        <Link to="/jobs">{t('jobs.job.back')}</Link>
      </section>
    )
  }
  if (state.kind === 'error') return <LoadFailed message={state.message} onRetry={() => setAttempt((a) => a + 1)} />

  const job = state.job
  const salary = salaryText(t, job, lang)
  const setJob = (j: Job) => setState({ kind: 'ok', job: j })
  return (
    <article className="job-page" aria-labelledby="job-title">
      <StatusMessage message={posted ? t('jobs.post.done') : null} className="notice" />
      <header className="card job-header">
        <p className="breadcrumb"><Link to="/jobs">{t('jobs.search.title')}</Link></p>
        <div className="job-title-row">
          <CompanyLogo company={job.company} size="large" />
          <div className="job-title-text">
            <h1 id="job-title">{job.title}</h1>
            <p className="job-company"><Link to={`/companies/${job.company.slug}`}>{job.company.name}</Link></p>
            <JobFacts job={job} />
            {salary && <p className="job-salary">{salary}</p>}
            <p className="muted small">
              {job.open ? t('jobs.job.closesOn', { date: formatDay(job.closesOn ?? '', lang) }) : t('jobs.job.closed')}
            </p>
          </div>
        </div>
        <div className="job-card-actions">
          {job.applied && <span className="badge badge-verified">{t('jobs.card.applied')}</span>}
          {!job.open && <span className="badge badge-former">{t('jobs.card.closed')}</span>}
          <SaveToggle job={job} onChange={(saved) => setJob({ ...job, saved })} />
          {!job.canManage && <ReportDialog targetType="job" targetId={job.id} what={job.title} />}
        </div>
      </header>
      {job.canManage && <ManageJob job={job} onChanged={setJob} />}
      <section className="card" aria-labelledby="job-description-title">
        <h2 id="job-description-title">{t('jobs.job.description')}</h2>
        <Markdown text={job.description} className="markdown job-description" />
      </section>
      {job.applied || fresh ? (
        <MyApplication job={job} fresh={fresh} />
      ) : job.open ? (
        <section className="card">
          <ApplyForm job={job} onApplied={(a) => { setFresh(a); setJob({ ...job, applied: a.id }) }} />
        </section>
      ) : (
        <section className="card">
          <p>{t('jobs.job.noApplications')}</p>
        </section>
      )}
      {job.open && <Referrals job={job} />}
    </article>
  )
}
