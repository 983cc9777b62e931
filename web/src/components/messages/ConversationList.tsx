import { useCallback, useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router-dom'
import type { ConversationList as List } from '../../../../shared/src/api/messages.js'
import { messagesApi } from '../../api/messages.js'
import { useMemberEvents } from '../../live/member-live.js'

/** The inbox or the requests, by last message; refreshed when a message or count arrives live. */
export function ConversationList({ box, selectedId, onBox }: { box: 'inbox' | 'requests'; selectedId: string | null; onBox(b: 'inbox' | 'requests'): void }) {
  const { t } = useTranslation()
  const [list, setList] = useState<List | null>(null)
  const [error, setError] = useState(false)
  const load = useCallback(async () => {
    try {
      setList(await messagesApi.list(box))
      setError(false)
    } catch {
      setError(true)
    }
  }, [box])
  useEffect(() => void load(), [load])
  useMemberEvents((e) => {
    if (e.type === 'message' || e.type === 'counts' || e.type === 'resync') void load()
  })
  async function more() {
    if (!list?.nextCursor) return
    const next = await messagesApi.list(box, list.nextCursor)
    setList({ ...next, conversations: [...list.conversations, ...next.conversations] })
  }
  return (
    <section className="card conversation-list" aria-labelledby="conversations-title">
      <h2 id="conversations-title" className="visually-hidden">{t('messages.conversations')}</h2>
      <div className="messages-boxes" role="group" aria-label={t('messages.boxes')}>
        <button type="button" className="button button-quiet" aria-pressed={box === 'inbox'} onClick={() => onBox('inbox')}>
          {t('messages.inbox')}
          {list && list.unreadTotal > 0 && <span className="count-badge" aria-label={t('messages.unreadCount', { count: list.unreadTotal })}>{list.unreadTotal}</span>}
        </button>
        <button type="button" className="button button-quiet" aria-pressed={box === 'requests'} onClick={() => onBox('requests')}>
          {t('messages.requests')}
          {list && list.requests > 0 && <span className="count-badge" aria-label={t('messages.requestCount', { count: list.requests })}>{list.requests}</span>}
        </button>
      </div>
      {error && <p role="alert" className="alert alert-error">{t('messages.loadFailed')}</p>}
      {list && list.conversations.length === 0 && <p className="muted">{box === 'inbox' ? t('messages.emptyInbox') : t('messages.emptyRequests')}</p>}
      <ul className="conversation-items">
        {list?.conversations.map((c) => {
          const names = c.participants.map((p) => p.name).join(', ') || t('messages.onlyYou')
          return (
            <li key={c.id}>
              <Link to={`/messages/${c.id}`} className={c.id === selectedId ? 'conversation-item selected' : 'conversation-item'} aria-current={c.id === selectedId ? 'page' : undefined}>
                <span className="conversation-names">{names}</span>
                {c.unread > 0 && <span className="count-badge" aria-label={t('messages.unreadCount', { count: c.unread })}>{c.unread}</span>}
                {c.lastMessage && <span className="conversation-preview muted">{c.lastMessage.body.slice(0, 80)}</span>}
              </Link>
            </li>
          )
        })}
      </ul>
      {list?.nextCursor && <button type="button" className="button button-secondary" onClick={() => void more()}>{t('messages.more')}</button>}
    </section>
  )
}
