import { useCallback, useEffect, useState } from 'react'
import type { TFunction } from 'i18next'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router-dom'
import type { Notification, NotificationList } from '../../../shared/src/api/notifications.js'
import { notificationsApi } from '../api/messages.js'
import { useMemberEvents } from '../live/member-live.js'

/** What a notification says, and where it leads. */
function describe(t: TFunction, n: Notification): { text: string; to: string | null } {
  const name = n.actor?.name ?? ''
  switch (n.kind) {
    case 'invitation':
      return { text: t('notifications.invitation', { name }), to: '/network' }
    case 'acceptance':
      return { text: t('notifications.acceptance', { name }), to: n.actor ? `/in/${n.actor.handle}` : null }
    case 'message':
      return { text: t('notifications.message', { name }), to: n.targetId ? `/messages/${n.targetId}` : '/messages?box=requests' }
    case 'verification':
      return { text: n.approved ? t('notifications.verificationApproved', { company: n.company ?? '' }) : t('notifications.verificationRefused', { company: n.company ?? '' }), to: '/verify' }
    case 'like':
      return { text: t('notifications.like', { name }), to: n.targetId ? `/posts/${n.targetId}` : null }
    case 'comment':
      return { text: t('notifications.comment', { name }), to: n.targetId ? `/posts/${n.targetId}` : null }
    case 'mention':
      return { text: t('notifications.mention', { name }), to: n.targetId ? `/posts/${n.targetId}` : null }
    case 'application':
      return { text: t('notifications.application', { name }), to: '/jobs/inbox' }
    case 'application_status':
      return { text: n.company ? t('notifications.applicationStatus', { company: n.company }) : t('notifications.applicationStatusAny'), to: '/jobs/applications' }
    case 'job_alert':
      return { text: n.company ? t('notifications.jobAlert', { company: n.company }) : t('notifications.jobAlertAny'), to: n.targetId ? `/jobs/${n.targetId}` : '/jobs/alerts' }
  }
}

export default function Notifications() {
  const { t, i18n } = useTranslation()
  const [list, setList] = useState<NotificationList | null>(null)
  const [error, setError] = useState(false)
  const load = useCallback(async () => {
    try {
      setList(await notificationsApi.list())
      setError(false)
    } catch {
      setError(true)
    }
  }, [])
  useEffect(() => {
    document.title = t('notifications.title')
    void load()
  }, [load, t])
  useMemberEvents((e) => {
    if (e.type === 'notification') setList((l) => (l && !l.notifications.some((n) => n.id === e.notification.id) ? { ...l, unread: e.unread, notifications: [e.notification, ...l.notifications] } : l))
    if (e.type === 'resync') void load()
  })
  async function readAll() {
    const r = await notificationsApi.read()
    setList((l) => (l ? { ...l, unread: r.unread, notifications: l.notifications.map((n) => ({ ...n, read: true })) } : l))
  }
  async function more() {
    if (!list?.nextCursor) return
    const next = await notificationsApi.list(list.nextCursor)
    setList({ ...next, notifications: [...list.notifications, ...next.notifications] })
  }
  const time = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' })
  return (
    <section className="card notifications-page" aria-labelledby="notifications-title">
      <h1 id="notifications-title">{t('notifications.title')}</h1>
      {error && <p role="alert" className="alert alert-error">{t('notifications.loadFailed')}</p>}
      {list && list.unread > 0 && (
        <button type="button" className="button button-secondary" onClick={() => void readAll()}>{t('notifications.markAllRead')}</button>
      )}
      {list && list.notifications.length === 0 && <p className="muted">{t('notifications.empty')}</p>}
      <ul className="notification-items" aria-live="polite">
        {list?.notifications.map((n) => {
          const d = describe(t, n)
          return (
            <li key={n.id} className={n.read ? 'notification-item' : 'notification-item unread'}>
              {!n.read && <span className="visually-hidden">{t('notifications.unreadMark')}</span>}
              {d.to ? <Link to={d.to} onClick={() => void notificationsApi.read([n.id]).catch(() => undefined)}>{d.text}</Link> : <span>{d.text}</span>}
              <span className="muted"> · <time dateTime={n.createdAt}>{time.format(new Date(n.createdAt))}</time></span>
            </li>
          )
        })}
      </ul>
      {list?.nextCursor && <button type="button" className="button button-secondary" onClick={() => void more()}>{t('notifications.more')}</button>}
    </section>
  )
}
