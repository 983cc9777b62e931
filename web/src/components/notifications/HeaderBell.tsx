import { useTranslation } from 'react-i18next'
import { NavLink } from 'react-router-dom'
import { useLiveCounts } from '../../live/member-live.js'

/** The header's live badges: unread notifications (the bell) and unread messages. */
export function HeaderBell() {
  const { t } = useTranslation()
  const counts = useLiveCounts(true)
  return (
    <NavLink to="/notifications" className="nav-link bell" aria-label={t('notifications.bellLabel', { count: counts.unreadNotifications })}>
      <span aria-hidden="true">🔔</span>
      {counts.unreadNotifications > 0 && <span className="count-badge" aria-hidden="true" data-testid="bell-count">{counts.unreadNotifications}</span>}
    </NavLink>
  )
}

/** The unread messages next to "Messages" in the menu. */
export function MessagesBadge() {
  const { t } = useTranslation()
  const counts = useLiveCounts(true)
  if (counts.unreadMessages + counts.requests <= 0) return null
  const n = counts.unreadMessages + counts.requests
  return <span className="count-badge" aria-label={t('messages.unreadCount', { count: n })} data-testid="messages-count">{n}</span>
}
