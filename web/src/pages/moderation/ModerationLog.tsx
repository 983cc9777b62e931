import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router-dom'
import { ChainError, verifyModerationLog, type ChainHead, type ModerationLogEntry } from '../../../../shared/src/moderation/hash-chain.js'
import { wholeModerationLog } from '../../api/moderation.js'
import { RetryAlert } from '../../components/LoadFailed.js'
import { Loading } from '../../components/Loading.js'
import { actionLabel, contentLink, reasonLabel, targetLabel } from '../../components/moderation/reasons.js'
import { errorMessage } from '../../lib/problem.js'
import { usePageTitle } from '../../lib/use-page-title.js'
import '../../styles-moderation.css'

type Check = { ok: true; head: ChainHead } | { ok: false; message: string }
type State = { kind: 'loading' } | { kind: 'ok'; entries: ModerationLogEntry[]; check: Check } | { kind: 'error'; message: string }

/** Checked here, in the reader's browser, so the reader need not trust the server's word for it. */
function check(entries: ModerationLogEntry[]): Check {
  try {
    return { ok: true, head: verifyModerationLog(entries) }
  } catch (err) {
    // Anything else thrown on the way (an entry of the wrong shape) fails the check just the same.
    return { ok: false, message: err instanceof ChainError ? err.message : String(err) }
  }
}

/** /moderation/log (public): every decision, day by day, its hash chain verified in the browser. */
export default function ModerationLogPage() {
  const { t } = useTranslation()
  const [state, setState] = useState<State>({ kind: 'loading' })
  const [attempt, setAttempt] = useState(0)
  usePageTitle(t('moderation.log.title'))

  useEffect(() => {
    let live = true
    wholeModerationLog().then(
      (entries) => live && setState({ kind: 'ok', entries, check: check(entries) }),
      (err: unknown) => live && setState({ kind: 'error', message: errorMessage(t, err) }),
    )
    return () => {
      live = false
    }
  }, [attempt, t])

  return (
    <section className="moderation-page" aria-labelledby="log-title">
      <div className="page-head">
        <h1 id="log-title">{t('moderation.log.title')}</h1>
        <p className="muted">{t('moderation.log.intro')}</p>
        <p className="small">
          <Link to="/transparency">{t('moderation.transparency.title')}</Link>
        </p>
      </div>
      {state.kind === 'loading' && <Loading />}
      {state.kind === 'error' && <RetryAlert message={state.message} onRetry={() => setAttempt((a) => a + 1)} />}
      {state.kind === 'ok' && (
        <>
          {state.check.ok ? (
            <p className="card notice chain-ok" role="status">
              {t('moderation.log.verified', { count: state.check.head.seq })}{' '}
              {state.check.head.seq > 0 && (
                <>
                  {t('moderation.log.head')} <code className="chain-hash">{state.check.head.hash}</code>
                </>
              )}
            </p>
          ) : (
            <div className="alert alert-error chain-broken" role="alert">
              <p>{t('moderation.log.broken')}</p>
              <p className="small">{state.check.message}</p>
            </div>
          )}
          {state.entries.length === 0 ? (
            <p className="card notice">{t('moderation.log.empty')}</p>
          ) : (
            <div className="card table-scroll">
              <table className="moderation-table">
                <caption className="visually-hidden">{t('moderation.log.caption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">#</th>
                    <th scope="col">{t('moderation.log.day')}</th>
                    <th scope="col">{t('moderation.log.action')}</th>
                    <th scope="col">{t('moderation.log.reason')}</th>
                    <th scope="col">{t('moderation.log.content')}</th>
                  </tr>
                </thead>
                <tbody>
                  {[...state.entries].reverse().map((e) => {
                    const link = contentLink(e.targetType, e.targetId)
                    return (
                      <tr key={e.seq}>
                        <td>{e.seq}</td>
                        <td>
                          <time dateTime={e.day}>{e.day}</time>
                        </td>
                        <td>{actionLabel(t, e.action)}</td>
                        <td>{reasonLabel(t, e.reason)}</td>
                        <td className="log-content">
                          {targetLabel(t, e.targetType)}{' '}
                          {link ? <Link to={link}><code>{e.targetId}</code></Link> : <code>{e.targetId}</code>}
                        </td>
                      </tr>
                    )
                  })}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  )
}
