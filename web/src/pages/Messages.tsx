import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useNavigate, useParams, useSearchParams } from 'react-router-dom'
import { isApiError } from '../api/client.js'
import { messagesApi } from '../api/messages.js'
import { ConversationList } from '../components/messages/ConversationList.js'
import { ConversationView } from '../components/messages/ConversationView.js'

/** /messages, /messages/:id and /messages?to=handle (from a profile's Message button). */
export default function Messages() {
  const { t } = useTranslation()
  const { id } = useParams()
  const [params, setParams] = useSearchParams()
  const navigate = useNavigate()
  const [error, setError] = useState<string | null>(null)
  const box = params.get('box') === 'requests' ? 'requests' : 'inbox'
  const to = params.get('to')

  useEffect(() => {
    document.title = t('messages.title')
  }, [t])
  useEffect(() => {
    if (!to) return
    messagesApi.start([to]).then(
      (r) => navigate(`/messages/${r.id}`, { replace: true }),
      (err) => setError(isApiError(err) && err.code === 'rate_limited' ? t('messages.requestLimit') : isApiError(err) && err.code === 'blocked' ? t('messages.blocked') : t('messages.cannotStart')),
    )
  }, [to, navigate, t])

  return (
    <div className={id ? 'messages-page has-conversation' : 'messages-page'}>
      <h1 className="messages-title">{t('messages.title')}</h1>
      {error && <p role="alert" className="alert alert-error">{error}</p>}
      <div className="messages-layout">
        <ConversationList box={box} selectedId={id ?? null} onBox={(b) => setParams(b === 'requests' ? { box: b } : {})} />
        {id ? <ConversationView key={id} id={id} /> : <section className="card conversation-view conversation-empty"><p className="muted">{t('messages.pick')}</p></section>}
      </div>
    </div>
  )
}
