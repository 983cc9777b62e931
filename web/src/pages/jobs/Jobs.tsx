import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useSearchParams } from 'react-router-dom'
import type { Job } from '../../../../shared/src/api/jobs.js'
import { jobsApi } from '../../api/jobs.js'
import { StatusMessage } from '../../components/FormAlert.js'
import { JobCard } from '../../components/jobs/JobCard.js'
import { JobFiltersForm } from '../../components/jobs/JobFiltersForm.js'
import { filtersFromParams, filtersToAlert, filtersToParams, filtersToQuery, hasFilters, jobsErrorMessage, type JobFilters } from '../../components/jobs/job-format.js'
import { JobsNav } from '../../components/jobs/JobsNav.js'
import { useRepresented } from '../../components/jobs/use-represented.js'
import { RetryAlert } from '../../components/LoadFailed.js'
import { usePageTitle } from '../../lib/use-page-title.js'

type State =
  | { kind: 'loading' }
  | { kind: 'ok'; key: string; jobs: Job[]; nextCursor: string | null; more: boolean; moreError: string | null }
  | { kind: 'error'; message: string }

/**
 * Rendered inside <RequireAuth>. /jobs?q=&location=&workplace=&salaryMin=&currency=&company=: the
 * filters live in the address, so a search can be linked, reloaded and made into an alert.
 */
export default function Jobs() {
  const { t } = useTranslation()
  const [params, setParams] = useSearchParams()
  const key = params.toString()
  const applied = filtersFromParams(params)
  const [draft, setDraft] = useState<JobFilters>(applied)
  const [state, setState] = useState<State>({ kind: 'loading' })
  const [attempt, setAttempt] = useState(0)
  const [alert, setAlert] = useState<{ kind: 'busy' | 'done' } | { kind: 'error'; message: string } | null>(null)
  const represented = useRepresented()
  usePageTitle(t('jobs.search.title'))

  useEffect(() => {
    setDraft(filtersFromParams(params))
    setAlert(null)
  }, [key])

  useEffect(() => {
    let live = true
    setState((s) => (s.kind === 'ok' && s.key === key ? s : { kind: 'loading' }))
    jobsApi.list(filtersToQuery(filtersFromParams(params))).then(
      (page) => live && setState({ kind: 'ok', key, jobs: page.jobs, nextCursor: page.nextCursor, more: false, moreError: null }),
      (err: unknown) => live && setState({ kind: 'error', message: jobsErrorMessage(t, err) }),
    )
    return () => {
      live = false
    }
  }, [key, attempt])

  async function loadMore() {
    if (state.kind !== 'ok' || !state.nextCursor || state.more) return
    setState({ ...state, more: true, moreError: null })
    try {
      const page = await jobsApi.list({ ...filtersToQuery(applied), cursor: state.nextCursor })
      setState((s) => (s.kind === 'ok' && s.key === key ? { ...s, jobs: [...s.jobs, ...page.jobs.filter((j) => !s.jobs.some((o) => o.id === j.id))], nextCursor: page.nextCursor, more: false } : s))
    } catch (err) {
      setState((s) => (s.kind === 'ok' ? { ...s, more: false, moreError: jobsErrorMessage(t, err) } : s))
    }
  }

  async function createAlert() {
    if (alert?.kind === 'busy') return
    setAlert({ kind: 'busy' })
    try {
      await jobsApi.createAlert(filtersToAlert(applied, false))
      setAlert({ kind: 'done' })
    } catch (err) {
      setAlert({ kind: 'error', message: jobsErrorMessage(t, err) })
    }
  }

  const postTo = represented && represented.length === 1 ? `/jobs/new?company=${encodeURIComponent(represented[0]!.slug)}` : '/jobs/new'
  return (
    <div className="jobs-page">
      <div className="jobs-head">
        <h1>{t('jobs.search.title')}</h1>
        {represented && represented.length > 0 && (
          <Link to={postTo} className="button button-primary">{t('jobs.post.button')}</Link>
        )}
      </div>
      <JobsNav />
      <section className="card">
        <JobFiltersForm id="jobs-search" label={t('jobs.search.formLabel')} role="search" value={draft} onChange={setDraft}
          submitLabel={t('jobs.search.submit')} onSubmit={() => setParams(filtersToParams(draft))} />
        <div className="jobs-alert-row">
          <button type="button" className="button button-secondary" aria-disabled={alert?.kind === 'busy'} onClick={() => void createAlert()}>
            {t('jobs.search.createAlert')}
          </button>
          {!hasFilters(applied) && <span className="muted small">{t('jobs.search.alertAll')}</span>}
          {alert?.kind === 'error' && <p role="alert" className="field-error">{alert.message}</p>}
          <StatusMessage message={alert?.kind === 'done' ? t('jobs.search.alertCreated') : null} className="status-success" />
          {alert?.kind === 'done' && <Link to="/jobs/alerts">{t('jobs.search.manageAlerts')}</Link>}
        </div>
      </section>
      {state.kind === 'loading' && <p className="muted" role="status">{t('a11y.loading')}</p>}
      {state.kind === 'error' && <RetryAlert message={state.message} onRetry={() => setAttempt((a) => a + 1)} />}
      {state.kind === 'ok' && (
        <section className="card" aria-labelledby="jobs-results-title">
          <h2 id="jobs-results-title" aria-live="polite">
            {state.nextCursor ? t('jobs.search.resultsMore', { count: state.jobs.length }) : t('jobs.search.results', { count: state.jobs.length })}
          </h2>
          {state.jobs.length === 0 ? (
            <p>{hasFilters(applied) ? t('jobs.search.noMatch') : t('jobs.search.none')}</p>
          ) : (
            <ul className="job-list">
              {state.jobs.map((j) => (
                <JobCard key={j.id} job={j} />
              ))}
            </ul>
          )}
          {state.moreError && <p role="alert" className="field-error">{state.moreError}</p>}
          {state.nextCursor && (
            <button type="button" className="button button-quiet" aria-disabled={state.more} onClick={() => void loadMore()}>
              {state.more ? t('a11y.loading') : t('jobs.search.more')}
            </button>
          )}
        </section>
      )}
    </div>
  )
}
