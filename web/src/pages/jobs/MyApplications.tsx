import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router-dom'
import type { Application } from '../../../../shared/src/api/jobs.js'
import { jobsApi, resumeUrl } from '../../api/jobs.js'
import { ConfirmBox } from '../../components/ConfirmBox.js'
import { StatusMessage } from '../../components/FormAlert.js'
import { jobsErrorMessage } from '../../components/jobs/job-format.js'
import { JobsNav } from '../../components/jobs/JobsNav.js'
import { StatusChip } from '../../components/jobs/StatusChip.js'
import { RetryAlert } from '../../components/LoadFailed.js'
import { usePageTitle } from '../../lib/use-page-title.js'

type State = { kind: 'loading' } | { kind: 'ok'; applications: Application[] } | { kind: 'error'; message: string }

function ApplicationItem({ a, onChanged, onResult }: { a: Application; onChanged(a: Application): void; onResult(ok: string | null, error: string | null): void }) {
  const { t, i18n } = useTranslation()
  const [confirming, setConfirming] = useState(false)
  const [busy, setBusy] = useState(false)
  const withdrawRef = useRef<HTMLButtonElement>(null)
  const day = new Intl.DateTimeFormat(i18n.resolvedLanguage ?? 'en', { dateStyle: 'medium' })
  const titleId = `application-${a.id}-title`

  async function withdraw() {
    if (busy) return
    setBusy(true)
    try {
      onChanged(await jobsApi.withdraw(a.id))
      onResult(t('jobs.applications.withdrawn', { title: a.job.title }), null)
    } catch (err) {
      onResult(null, jobsErrorMessage(t, err))
    } finally {
      setBusy(false)
      setConfirming(false)
    }
  }

  return (
    <li className="application-item" aria-labelledby={titleId}>
      <p className="item-title">
        <Link id={titleId} to={`/jobs/${a.job.id}`} className="item-name">{a.job.title}</Link>
        <StatusChip status={a.status} />
      </p>
      <p className="muted small">
        <Link to={`/companies/${a.job.company.slug}`}>{a.job.company.name}</Link>
        {' · '}
        {t('jobs.applications.sentOn', { date: day.format(new Date(a.createdAt)) })}
        {a.updatedAt !== a.createdAt && <> · {t('jobs.applications.updatedOn', { date: day.format(new Date(a.updatedAt)) })}</>}
      </p>
      {a.note && <p className="prewrap application-note">{a.note}</p>}
      {a.hasResume && <p><a href={resumeUrl(a.id)} download>{t('jobs.applications.resume')}</a></p>}
      {a.status !== 'withdrawn' && !confirming && (
        <button ref={withdrawRef} type="button" className="button button-secondary" onClick={() => setConfirming(true)}>
          {t('jobs.applications.withdraw')}
          <span className="visually-hidden"> – {a.job.title}</span>
        </button>
      )}
      {a.status !== 'withdrawn' && confirming && (
        <ConfirmBox id={`withdraw-${a.id}`} question={t('jobs.applications.withdrawQuestion', { title: a.job.title, company: a.job.company.name })}
          confirmLabel={t('jobs.applications.withdrawConfirm')} busyLabel={t('jobs.applications.withdrawing')} busy={busy}
          cancelLabel={t('jobs.applications.cancel')} onConfirm={() => void withdraw()}
          onCancel={() => { setConfirming(false); requestAnimationFrame(() => withdrawRef.current?.focus()) }} />
      )}
    </li>
  )
}

/** Rendered inside <RequireAuth>. /jobs/applications: my applications, the status each company set, withdraw. */
export default function MyApplications() {
  const { t } = useTranslation()
  const [state, setState] = useState<State>({ kind: 'loading' })
  const [attempt, setAttempt] = useState(0)
  const [ok, setOk] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  usePageTitle(t('jobs.applications.title'))

  useEffect(() => {
    let live = true
    jobsApi.myApplications().then(
      (list) => live && setState({ kind: 'ok', applications: list.applications }),
      (err: unknown) => live && setState({ kind: 'error', message: jobsErrorMessage(t, err) }),
    )
    return () => {
      live = false
    }
  }, [attempt])

  return (
    <div className="jobs-page">
      <h1>{t('jobs.applications.title')}</h1>
      <JobsNav />
      {state.kind === 'loading' && <p className="muted" role="status">{t('a11y.loading')}</p>}
      {state.kind === 'error' && <RetryAlert message={state.message} onRetry={() => setAttempt((a) => a + 1)} />}
      {state.kind === 'ok' && (
        <section className="card" aria-labelledby="applications-title">
          <h2 id="applications-title">{t('jobs.applications.count', { count: state.applications.length })}</h2>
          {error && <p role="alert" className="alert alert-error">{error}</p>}
          {state.applications.length === 0 ? (
            <p>{t('jobs.applications.none')} <Link to="/jobs">{t('jobs.applications.find')}</Link></p>
          ) : (
            <ul className="item-list">
              {state.applications.map((a) => (
                <ApplicationItem key={a.id} a={a}
                  onChanged={(next) => setState((s) => (s.kind === 'ok' ? { ...s, applications: s.applications.map((x) => (x.id === next.id ? next : x)) } : s))}
                  onResult={(s, e) => { setOk(s); setError(e) }} />
              ))}
            </ul>
          )}
          <StatusMessage message={ok} className="status-success" />
        </section>
      )}
    </div>
  )
}
