import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router-dom'
import type { ModerationActionKind, QueueItem } from '../../../../shared/src/api/moderation.js'
import { isApiError } from '../../api/client.js'
import { moderationApi } from '../../api/moderation.js'
import { StatusMessage } from '../../components/FormAlert.js'
import { RetryAlert } from '../../components/LoadFailed.js'
import { Loading } from '../../components/Loading.js'
import { QueueItemCard } from '../../components/moderation/QueueItemCard.js'
import { actionLabel, targetLabel } from '../../components/moderation/reasons.js'
import { errorMessage } from '../../lib/problem.js'
import { usePageTitle } from '../../lib/use-page-title.js'
import { useSession } from '../../session/session-context.js'
import '../../styles-moderation.css'

type State = { kind: 'loading' } | { kind: 'ok'; items: QueueItem[] } | { kind: 'forbidden' } | { kind: 'error'; message: string }

const keyOf = (i: QueueItem) => `${i.targetType}:${i.targetId}`

/** /moderation (inside RequireAuth): the moderators' queue, most severe first. Others get a note. */
export default function ModerationQueuePage() {
  const { t } = useTranslation()
  const { me } = useSession()
  const allowed = me?.role === 'moderator' || me?.role === 'admin'
  const [state, setState] = useState<State>({ kind: 'loading' })
  const [attempt, setAttempt] = useState(0)
  const [notice, setNotice] = useState<string | null>(null)
  usePageTitle(t('moderation.queue.title'))

  useEffect(() => {
    if (!allowed) return
    let live = true
    moderationApi.queue().then(
      ({ items }) => live && setState({ kind: 'ok', items: [...items].sort((a, b) => b.severity - a.severity || b.reports - a.reports) }),
      (err: unknown) => {
        if (!live) return
        if (isApiError(err) && err.status === 403) setState({ kind: 'forbidden' })
        else setState({ kind: 'error', message: errorMessage(t, err) })
      },
    )
    return () => {
      live = false
    }
  }, [allowed, attempt, t])

  if (!allowed || state.kind === 'forbidden') {
    return (
      <section className="card narrow" aria-labelledby="mo-title">
        <h1 id="mo-title">{t('moderation.queue.onlyTitle')}</h1>
        <p>{t('moderation.queue.onlyBody')}</p>
        <Link to="/moderation/log">{t('moderation.log.title')}</Link>
      </section>
    )
  }
  if (state.kind === 'loading') return <Loading />

  const decided = (item: QueueItem, action: ModerationActionKind) => {
    setState((s) => (s.kind === 'ok' ? { kind: 'ok', items: s.items.filter((x) => keyOf(x) !== keyOf(item)) } : s))
    setNotice(t('moderation.queue.decided', { action: actionLabel(t, action), what: targetLabel(t, item.targetType) }))
  }

  return (
    <section className="moderation-page" aria-labelledby="queue-title">
      <div className="page-head">
        <h1 id="queue-title">{t('moderation.queue.title')}</h1>
        <p className="muted">
          {t('moderation.queue.intro')} <Link to="/moderation/log">{t('moderation.log.title')}</Link>
        </p>
      </div>
      <StatusMessage message={notice} className="notice" />
      {state.kind === 'error' && <RetryAlert message={state.message} onRetry={() => setAttempt((a) => a + 1)} />}
      {state.kind === 'ok' &&
        (state.items.length === 0 ? (
          <p className="card notice">{t('moderation.queue.empty')}</p>
        ) : (
          <ol className="queue-list">
            {state.items.map((item) => (
              <QueueItemCard key={keyOf(item)} item={item} onDecided={decided} />
            ))}
          </ol>
        ))}
    </section>
  )
}
