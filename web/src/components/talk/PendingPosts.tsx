import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate } from 'react-router-dom'
import { formatDateTime } from '../../lib/dates.js'
import { useTalkRuntime, useTalkState } from '../../talk/talk-context.js'

const EXCERPT = 80

/**
 * Scheduled ("publish within N minutes") posts still waiting in this browser, with "publish now"
 * and "cancel and edit" (which puts the text back into the composer). `threadId` narrows the list
 * to replies in one thread.
 */
export function PendingPosts({ threadId }: { threadId?: string }) {
  const { t, i18n } = useTranslation()
  const lang = i18n.resolvedLanguage ?? 'en'
  const runtime = useTalkRuntime()
  const { pending, published } = useTalkState()
  const navigate = useNavigate()
  const [busy, setBusy] = useState<string | null>(null)
  const list = threadId ? pending.filter((p) => p.threadId === threadId) : pending
  const showPublished = published && (!threadId || published.threadId === threadId)

  async function run(id: string, action: 'send' | 'cancel') {
    if (!runtime || busy) return
    setBusy(id)
    try {
      if (action === 'send') await runtime.sendNow(id)
      else {
        const p = await runtime.cancelPending(id)
        if (p) navigate(p.kind === 'thread' ? '/talk/new' : `/talk/t/${p.threadId}#reply`)
      }
    } finally {
      setBusy(null)
    }
  }

  return (
    <>
      <div role="status" className={showPublished ? 'status notice' : 'status-empty'}>
        {showPublished && (
          <>
            {t('talk.pending.published')} <Link to={`/talk/t/${published.threadId}`}>{t('talk.pending.view')}</Link>
          </>
        )}
      </div>
      {list.length > 0 && (
        <section className="card pending-posts" aria-labelledby="pending-title">
          <h2 id="pending-title">{t('talk.pending.title')}</h2>
          <p className="muted">{t('talk.pending.keepOpen')}</p>
          <ul className="item-list">
            {list.map((p) => {
              const excerpt = p.body.length > EXCERPT ? p.body.slice(0, EXCERPT) + '…' : p.body
              return (
                <li key={p.id}>
                  <p className="item-title">{p.kind === 'thread' ? t('talk.pending.thread', { title: p.title }) : t('talk.pending.reply', { excerpt })}</p>
                  <p className="muted small">
                    {p.state === 'waiting' && t('talk.pending.by', { time: formatDateTime(new Date(p.sendAt).toISOString(), lang) })}
                    {p.state === 'sending' && t('talk.pending.sending')}
                    {p.state === 'failed' && t('talk.pending.failed', { reason: t(`errors.${(p.error ?? 'generic') as 'generic'}`, { defaultValue: t('errors.generic') }) })}
                  </p>
                  <div className="save-row">
                    <button type="button" className="button button-secondary" aria-disabled={busy === p.id} onClick={() => void run(p.id, 'send')}>
                      {t('talk.pending.sendNow')}
                    </button>
                    <button type="button" className="button button-quiet" aria-disabled={busy === p.id} onClick={() => void run(p.id, 'cancel')}>
                      {t('talk.pending.cancel')}
                    </button>
                  </div>
                </li>
              )
            })}
          </ul>
        </section>
      )}
    </>
  )
}
