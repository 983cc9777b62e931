import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router-dom'
import type { Job } from '../../../../shared/src/api/jobs.js'
import { jobsApi } from '../../api/jobs.js'
import { JobCard } from '../../components/jobs/JobCard.js'
import { jobsErrorMessage } from '../../components/jobs/job-format.js'
import { JobsNav } from '../../components/jobs/JobsNav.js'
import { RetryAlert } from '../../components/LoadFailed.js'
import { usePageTitle } from '../../lib/use-page-title.js'

type State = { kind: 'loading' } | { kind: 'ok'; jobs: Job[] } | { kind: 'error'; message: string }

/**
 * Rendered inside <RequireAuth>. /jobs/saved: the jobs I saved, newest first (closed ones too,
 * marked). Unsaving one here keeps it listed until the page is left, so a slip is undone in place.
 */
export default function SavedJobs() {
  const { t } = useTranslation()
  const [state, setState] = useState<State>({ kind: 'loading' })
  const [attempt, setAttempt] = useState(0)
  usePageTitle(t('jobs.saved.title'))

  useEffect(() => {
    let live = true
    jobsApi.saved().then(
      (page) => live && setState({ kind: 'ok', jobs: page.jobs }),
      (err: unknown) => live && setState({ kind: 'error', message: jobsErrorMessage(t, err) }),
    )
    return () => {
      live = false
    }
  }, [attempt])

  return (
    <div className="jobs-page">
      <h1>{t('jobs.saved.title')}</h1>
      <JobsNav />
      {state.kind === 'loading' && <p className="muted" role="status">{t('a11y.loading')}</p>}
      {state.kind === 'error' && <RetryAlert message={state.message} onRetry={() => setAttempt((a) => a + 1)} />}
      {state.kind === 'ok' && (
        <section className="card" aria-labelledby="saved-title">
          <h2 id="saved-title">{t('jobs.saved.count', { count: state.jobs.length })}</h2>
          {state.jobs.length === 0 ? (
            <p>{t('jobs.saved.none')} <Link to="/jobs">{t('jobs.applications.find')}</Link></p>
          ) : (
            <ul className="job-list">
              {state.jobs.map((j) => (
                <JobCard key={j.id} job={j} />
              ))}
            </ul>
          )}
        </section>
      )}
    </div>
  )
}
