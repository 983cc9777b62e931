import { useTranslation } from 'react-i18next'
import { reasonLabel } from './reasons.js'

/** What a moderator decided, shown in the content's place (the API sends no body then). */
export function ModerationNotice({ moderation }: { moderation: { state: 'hidden' | 'removed'; reason: string } | null }) {
  const { t } = useTranslation()
  if (!moderation) return null
  const reason = reasonLabel(t, moderation.reason)
  return <p className="muted moderation-notice">{moderation.state === 'hidden' ? t('moderation.notice.hidden', { reason }) : t('moderation.notice.removed', { reason })}</p>
}
