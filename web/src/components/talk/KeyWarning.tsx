import { useTranslation } from 'react-i18next'
import { useTalkState } from '../../talk/talk-context.js'

/**
 * DESIGN §2: when the server's keys fail this browser's checks (a second key for one scope, a key
 * missing from the public log, a rewritten log…), Work Talk stops drawing and sending here, and
 * says so on every Work Talk page — never silently carrying on.
 */
export function KeyWarning() {
  const { t } = useTranslation()
  const { paused } = useTalkState()
  if (!paused) return null
  return (
    <div role="alert" className="alert alert-error key-warning">
      <p className="key-warning-title">{t('talk.keys.pausedTitle')}</p>
      <p>{t('talk.keys.pausedBody')}</p>
      <p className="small">{t('talk.keys.reason', { reason: t(`talk.keys.reasons.${paused}`, { defaultValue: paused }) })}</p>
    </div>
  )
}
