import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router-dom'
import type { JobAlert } from '../../../../shared/src/api/jobs.js'
import { JOBS } from '../../../../shared/src/api/limits.js'
import { jobsApi } from '../../api/jobs.js'
import { StatusMessage } from '../../components/FormAlert.js'
import { JobFiltersForm } from '../../components/jobs/JobFiltersForm.js'
import { describeAlert, EMPTY_FILTERS, filtersToAlert, filtersToParams, jobsErrorMessage, type JobFilters } from '../../components/jobs/job-format.js'
import { JobsNav } from '../../components/jobs/JobsNav.js'
import { RetryAlert } from '../../components/LoadFailed.js'
import { usePageTitle } from '../../lib/use-page-title.js'

type State = { kind: 'loading' } | { kind: 'ok'; alerts: JobAlert[] } | { kind: 'error'; message: string }

/** The /jobs address of an alert's search. */
function searchOf(a: JobAlert): string {
  const f: JobFilters = { ...EMPTY_FILTERS, q: a.q, location: a.location, workplace: a.workplace ?? '', salaryMin: a.salaryMin === null ? '' : String(a.salaryMin), currency: a.currency ?? '' }
  const p = new URLSearchParams(filtersToParams(f)).toString()
  return p ? `/jobs?${p}` : '/jobs'
}

/** Rendered inside <RequireAuth>. /jobs/alerts: my job alerts (new matching jobs are notified, and mailed if asked); create, delete. */
export default function JobAlerts() {
  const { t, i18n } = useTranslation()
  const lang = i18n.resolvedLanguage ?? 'en'
  const [state, setState] = useState<State>({ kind: 'loading' })
  const [attempt, setAttempt] = useState(0)
  const [draft, setDraft] = useState<JobFilters>(EMPTY_FILTERS)
  const [mail, setMail] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [ok, setOk] = useState<string | null>(null)
  usePageTitle(t('jobs.alerts.title'))

  useEffect(() => {
    let live = true
    jobsApi.alerts().then(
      (r) => live && setState({ kind: 'ok', alerts: r.alerts }),
      (err: unknown) => live && setState({ kind: 'error', message: jobsErrorMessage(t, err) }),
    )
    return () => {
      live = false
    }
  }, [attempt])

  async function create() {
    if (busy) return
    setBusy(true)
    setError(null)
    setOk(null)
    try {
      const alert = await jobsApi.createAlert(filtersToAlert(draft, mail))
      setState((s) => (s.kind === 'ok' ? { ...s, alerts: [...s.alerts, alert] } : s))
      setDraft(EMPTY_FILTERS)
      setMail(false)
      setOk(t('jobs.alerts.created'))
    } catch (err) {
      setError(jobsErrorMessage(t, err))
    } finally {
      setBusy(false)
    }
  }

  async function remove(a: JobAlert) {
    setError(null)
    setOk(null)
    try {
      await jobsApi.deleteAlert(a.id)
      setState((s) => (s.kind === 'ok' ? { ...s, alerts: s.alerts.filter((x) => x.id !== a.id) } : s))
      setOk(t('jobs.alerts.deleted'))
      requestAnimationFrame(() => document.getElementById('alerts-title')?.focus())
    } catch (err) {
      setError(jobsErrorMessage(t, err))
    }
  }

  const full = state.kind === 'ok' && state.alerts.length >= JOBS.alertsMax
  return (
    <div className="jobs-page">
      <h1>{t('jobs.alerts.title')}</h1>
      <JobsNav />
      <p className="lead">{t('jobs.alerts.intro')}</p>
      {state.kind === 'loading' && <p className="muted" role="status">{t('a11y.loading')}</p>}
      {state.kind === 'error' && <RetryAlert message={state.message} onRetry={() => setAttempt((a) => a + 1)} />}
      {state.kind === 'ok' && (
        <section className="card" aria-labelledby="alerts-title">
          <h2 id="alerts-title" tabIndex={-1}>{t('jobs.alerts.count', { count: state.alerts.length })}</h2>
          {state.alerts.length === 0 ? (
            <p className="muted">{t('jobs.alerts.none')}</p>
          ) : (
            <ul className="item-list">
              {state.alerts.map((a) => {
                const words = describeAlert(t, a, lang)
                return (
                  <li key={a.id} className="alert-item">
                    <p className="item-title">
                      <Link to={searchOf(a)} className="item-name">{words}</Link>
                      <span className="badge">{a.mail ? t('jobs.alerts.byMail') : t('jobs.alerts.inApp')}</span>
                    </p>
                    <button type="button" className="button button-danger-quiet" onClick={() => void remove(a)}>
                      {t('jobs.alerts.delete')}
                      <span className="visually-hidden"> – {words}</span>
                    </button>
                  </li>
                )
              })}
            </ul>
          )}
        </section>
      )}
      {error && <p role="alert" className="alert alert-error">{error}</p>}
      <StatusMessage message={ok} className="notice" />
      <section className="card" aria-labelledby="alert-new-title">
        <h2 id="alert-new-title">{t('jobs.alerts.new')}</h2>
        {full ? (
          <p className="muted">{t('jobs.alerts.full', { max: JOBS.alertsMax })}</p>
        ) : (
          <JobFiltersForm id="alert-new" label={t('jobs.alerts.new')} value={draft} onChange={setDraft} withCompany={false}
            submitLabel={busy ? t('jobs.alerts.creating') : t('jobs.alerts.create')} busy={busy} onSubmit={() => void create()}>
            <div className="checkbox">
              <input id="alert-new-mail" type="checkbox" checked={mail} onChange={(e) => setMail(e.target.checked)} />
              <label htmlFor="alert-new-mail">{t('jobs.alerts.mail')}</label>
            </div>
          </JobFiltersForm>
        )}
      </section>
    </div>
  )
}
