import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router-dom'
import type { QueuedSubmission } from '../../../shared/src/api/index.js'
import { api, isApiError } from '../api/client.js'
import { StatusMessage } from '../components/FormAlert.js'
import { Loading } from '../components/Loading.js'
import { ReviewItem, type Decision } from '../components/reviews/ReviewItem.js'
import { errorMessage } from '../lib/problem.js'
import { usePageTitle } from '../lib/use-page-title.js'
import { useSession } from '../session/session-context.js'
import { RetryAlert } from '../components/LoadFailed.js'

type State = { kind: 'loading' } | { kind: 'ok'; queue: QueuedSubmission[] } | { kind: 'forbidden' } | { kind: 'error'; message: string }

function ReviewersOnly() {
  const { t } = useTranslation()
  return (
    <section className="card narrow" aria-labelledby="ro-title">
      <h1 id="ro-title">{t('reviews.onlyTitle')}</h1>
      <p>{t('reviews.onlyBody')}</p>
      <Link to="/verify">{t('reviews.onlyLink')}</Link>
    </section>
  )
}

/** Rendered inside <RequireAuth>. Members who are not reviewers get a polite note, not the queue. */
export default function Reviews() {
  const { t } = useTranslation()
  const { me } = useSession()
  const allowed = me?.role === 'reviewer' || me?.role === 'admin'
  const [state, setState] = useState<State>({ kind: 'loading' })
  const [attempt, setAttempt] = useState(0)
  const [notice, setNotice] = useState<string | null>(null)
  const headingRef = useRef<HTMLHeadingElement>(null)
  usePageTitle(t('reviews.title'))

  useEffect(() => {
    if (!allowed) return
    let live = true
    api.reviewQueue().then(
      ({ submissions }) => live && setState({ kind: 'ok', queue: submissions }),
      (err: unknown) => {
        if (!live) return
        if (isApiError(err) && err.status === 403) setState({ kind: 'forbidden' })
        else setState({ kind: 'error', message: errorMessage(t, err) })
      },
    )
    return () => {
      live = false
    }
  }, [allowed, attempt])

  if (!allowed || state.kind === 'forbidden') return <ReviewersOnly />
  if (state.kind === 'loading') return <Loading />

  function decided(s: QueuedSubmission, d: Decision) {
    setState((st) => (st.kind === 'ok' ? { kind: 'ok', queue: st.queue.filter((x) => x.id !== s.id) } : st))
    setNotice(
      d.kind === 'approved'
        ? t('reviews.approved', { name: s.member.name, company: d.company })
        : d.kind === 'rejected'
          ? t('reviews.rejected', { name: s.member.name })
          : d.message,
    )
    // The item (and the focused button in it) is gone: continue from the top of the queue.
    requestAnimationFrame(() => headingRef.current?.focus())
  }

  return (
    <div className="reviews">
      <h1 ref={headingRef} tabIndex={-1}>{t('reviews.title')}</h1>
      <p className="lead">{t('reviews.intro')}</p>
      <StatusMessage message={notice} className="notice" />
      {state.kind === 'error' && <RetryAlert message={state.message} onRetry={() => setAttempt((a) => a + 1)} />}
      {state.kind === 'ok' && (
        <>
          <div className="save-row queue-head">
            <p className="muted">{t('reviews.count', { count: state.queue.length })}</p>
            <button type="button" className="button button-secondary" onClick={() => { setNotice(null); setAttempt((a) => a + 1) }}>
              {t('reviews.refresh')}
            </button>
          </div>
          {state.queue.length === 0 ? (
            <p className="card notice">{t('reviews.empty')}</p>
          ) : (
            <ul className="plain-list">
              {state.queue.map((s) => (
                <ReviewItem key={s.id} s={s} onDecided={(d) => decided(s, d)} />
              ))}
            </ul>
          )}
        </>
      )}
    </div>
  )
}
