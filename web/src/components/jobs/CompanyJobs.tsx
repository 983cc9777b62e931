import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router-dom'
import type { Job } from '../../../../shared/src/api/jobs.js'
import { api } from '../../api/client.js'
import { jobsApi } from '../../api/jobs.js'
import { useSession } from '../../session/session-context.js'
import { RetryAlert } from '../LoadFailed.js'
import { JobCard } from './JobCard.js'
import { jobsErrorMessage } from './job-format.js'

type State = { kind: 'loading' } | { kind: 'ok'; jobs: Job[] } | { kind: 'error'; message: string }

/**
 * The Jobs tab of a company page: its open jobs (closed ones too, marked, for its
 * representatives), and "Post a job" and the applications inbox for a representative — known
 * from a job's `canManage`, or, with no job yet, from the company's representatives list.
 */
export function CompanyJobs({ slug, companyName }: { slug: string; companyName: string }) {
  const { t } = useTranslation()
  const { me } = useSession()
  const [state, setState] = useState<State>({ kind: 'loading' })
  const [attempt, setAttempt] = useState(0)
  const [listedRep, setListedRep] = useState(false)

  useEffect(() => {
    let live = true
    setState({ kind: 'loading' })
    jobsApi.companyJobs(slug).then(
      (page) => live && setState({ kind: 'ok', jobs: page.jobs }),
      (err: unknown) => live && setState({ kind: 'error', message: jobsErrorMessage(t, err) }),
    )
    return () => {
      live = false
    }
  }, [slug, attempt])

  useEffect(() => {
    let live = true
    setListedRep(false)
    if (!me) return
    api.company(slug).then(
      (c) => live && setListedRep(c.representatives.some((r) => r.handle === me.handle)),
      () => undefined,
    )
    return () => {
      live = false
    }
  }, [slug, me?.handle])

  const manages = listedRep || (state.kind === 'ok' && state.jobs.some((j) => j.canManage))
  const open = state.kind === 'ok' ? state.jobs.filter((j) => j.open).length : 0
  return (
    <section className="card company-jobs" aria-labelledby="company-jobs-title">
      <div className="jobs-head">
        <h2 id="company-jobs-title">{t('jobs.company.title', { company: companyName })}</h2>
        {manages && (
          <Link to={`/jobs/new?company=${encodeURIComponent(slug)}`} className="button button-primary">{t('jobs.post.button')}</Link>
        )}
      </div>
      {manages && (
        <p className="small">
          <Link to={`/jobs/inbox?company=${encodeURIComponent(slug)}`}>{t('jobs.company.inbox')}</Link>
        </p>
      )}
      {state.kind === 'loading' && <p className="muted" role="status">{t('a11y.loading')}</p>}
      {state.kind === 'error' && <RetryAlert message={state.message} onRetry={() => setAttempt((a) => a + 1)} />}
      {state.kind === 'ok' && (
        <>
          <p className="muted small" aria-live="polite">{t('jobs.company.open', { count: open })}</p>
          {state.jobs.length === 0 ? (
            <p>{t('jobs.company.none', { company: companyName })}</p>
          ) : (
            <ul className="job-list">
              {state.jobs.map((j) => (
                <JobCard key={j.id} job={j} />
              ))}
            </ul>
          )}
          {open > 0 && (
            <p className="small"><Link to={`/jobs?company=${encodeURIComponent(slug)}`}>{t('jobs.company.search', { company: companyName })}</Link></p>
          )}
        </>
      )}
    </section>
  )
}
