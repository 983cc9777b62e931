import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate } from 'react-router-dom'
import { MESSAGES } from '../../../../shared/src/api/limits.js'
import type { ConversationSummary, Message } from '../../../../shared/src/api/messages.js'
import { isApiError } from '../../api/client.js'
import { messagesApi } from '../../api/messages.js'
import { useMemberEvents } from '../../live/member-live.js'
import { ReportDialog } from '../moderation/ReportDialog.js'

/** One conversation: messages oldest at the top, new ones arriving live, "load older", a composer. */
export function ConversationView({ id }: { id: string }) {
  const { t, i18n } = useTranslation()
  const navigate = useNavigate()
  const [conversation, setConversation] = useState<ConversationSummary | null>(null)
  const [messages, setMessages] = useState<Message[]>([])
  const [cursor, setCursor] = useState<string | null>(null)
  const [missing, setMissing] = useState(false)
  const [body, setBody] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const endRef = useRef<HTMLDivElement>(null)

  const load = useCallback(async () => {
    try {
      const page = await messagesApi.messages(id)
      setConversation(page.conversation)
      setMessages([...page.messages].reverse())
      setCursor(page.nextCursor)
      setMissing(false)
    } catch (err) {
      if (isApiError(err) && err.status === 404) setMissing(true)
      else setError(t('messages.loadFailed'))
    }
  }, [id, t])
  useEffect(() => void load(), [load])
  // Braces: newer browsers answer scrollIntoView with a promise, which React would take for a cleanup.
  useEffect(() => {
    endRef.current?.scrollIntoView({ block: 'end' })
  }, [messages.length])

  useMemberEvents((e) => {
    if (e.type === 'resync') void load()
    if (e.type !== 'message' || e.message.conversationId !== id) return
    setMessages((ms) => (ms.some((m) => m.id === e.message.id) ? ms : [...ms, e.message]))
    // Open and visible: what arrives is read.
    if (!e.message.mine && document.visibilityState === 'visible') void messagesApi.read(id).catch(() => undefined)
  })

  async function older() {
    if (!cursor) return
    const page = await messagesApi.messages(id, cursor)
    setMessages((ms) => [...[...page.messages].reverse(), ...ms])
    setCursor(page.nextCursor)
  }

  async function submit(e: FormEvent) {
    e.preventDefault()
    if (busy || !body.trim()) return
    setBusy(true)
    setError(null)
    try {
      const m = await messagesApi.send(id, body)
      setMessages((ms) => (ms.some((x) => x.id === m.id) ? ms : [...ms, m]))
      setBody('')
    } catch (err) {
      setError(isApiError(err) && err.code === 'blocked' ? t('messages.blocked') : isApiError(err) && err.status === 404 ? t('messages.cannotSend') : t('messages.sendFailed'))
    } finally {
      setBusy(false)
    }
  }

  async function answer(accept: boolean) {
    if (accept) {
      await messagesApi.accept(id)
      await load()
    } else {
      await messagesApi.decline(id)
      navigate('/messages?box=requests')
    }
  }

  if (missing) return <section className="card conversation-view"><p role="status">{t('messages.notFound')}</p><Link to="/messages">{t('messages.back')}</Link></section>
  if (!conversation) return <section className="card conversation-view" aria-busy="true" />
  const names = conversation.participants.map((p) => p.name).join(', ')
  const time = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'short', timeStyle: 'short' })
  return (
    <section className="card conversation-view" aria-labelledby="conversation-title">
      <Link to="/messages" className="conversation-back">{t('messages.back')}</Link>
      <h2 id="conversation-title">
        {conversation.participants.length === 1 ? <Link to={`/in/${conversation.participants[0]!.handle}`}>{names}</Link> : names}
      </h2>
      {conversation.state === 'request' && (
        <div className="request-answer" role="group" aria-label={t('messages.requestQuestion')}>
          <p>{t('messages.requestQuestion')}</p>
          <button type="button" className="button button-primary" onClick={() => void answer(true)}>{t('messages.accept')}</button>
          <button type="button" className="button button-secondary" onClick={() => void answer(false)}>{t('messages.decline')}</button>
        </div>
      )}
      {cursor && <button type="button" className="button button-quiet" onClick={() => void older()}>{t('messages.older')}</button>}
      <ol className="message-list" aria-live="polite" aria-label={t('messages.messagesLabel')}>
        {messages.map((m) => (
          <li key={m.id} className={m.mine ? 'message mine' : 'message'}>
            <span className="message-meta muted">{m.mine ? t('messages.you') : m.sender.name} · <time dateTime={m.createdAt}>{time.format(new Date(m.createdAt))}</time></span>
            <p className="message-body">{m.body}</p>
            {!m.mine && <ReportDialog targetType="message" targetId={m.id} className="message-report" />}
          </li>
        ))}
      </ol>
      <div ref={endRef} />
      {error && <p role="alert" className="alert alert-error">{error}</p>}
      {conversation.canPost ? (
        <form className="message-composer" onSubmit={submit}>
          <label htmlFor="message-body" className="visually-hidden">{t('messages.write')}</label>
          <textarea id="message-body" value={body} maxLength={MESSAGES.bodyLength} rows={2} placeholder={t('messages.write')} onChange={(e) => setBody(e.target.value)}
            onKeyDown={(e) => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void submit(e) }} />
          <button type="submit" className="button button-primary" aria-disabled={busy}>{t('messages.send')}</button>
        </form>
      ) : (
        <p className="muted">{t('messages.blocked')}</p>
      )}
    </section>
  )
}
