import { useTranslation } from 'react-i18next'
import { formatClockTime } from '../../lib/clock-time.js'
import { useTalkState } from '../../talk/talk-context.js'
import { YEARLY_PURPOSES } from '../../../../shared/src/talk/epochs.js'
import { REACT_KEY_SCOPE, scopeId } from '../../talk/voices.js'

/**
 * The tokens this browser holds (for one scope, or all), as a polite live region: how many, and
 * from when the first may be spent. Draws happen on their own schedule, so an empty wallet says
 * when tokens come rather than offering to fetch them.
 */
export function TokenStatus({ scope, explain = false }: { scope?: string | undefined; explain?: boolean }) {
  const { t, i18n } = useTranslation()
  const lang = i18n.resolvedLanguage ?? 'en'
  const s = useTalkState()
  // Without a scope: the tokens posts spend (votes and answers have their own, and so do the yearly
  // records — reviews, salaries, interviews — counted apart).
  const apart = (id: string) => id === scopeId(REACT_KEY_SCOPE) || YEARLY_PURPOSES.some((p) => id.endsWith(`|${p}`))
  const scopes = scope ? [s.tokens[scope]].filter((x) => x !== undefined) : Object.entries(s.tokens).filter(([id]) => !apart(id)).map(([, x]) => x)
  const count = scopes.reduce((a, x) => a + x.held, 0)
  const readyAt = scopes.reduce((min, x) => Math.min(min, x.readyAt ?? Infinity), Infinity)
  let text: string
  if (s.paused) text = t('talk.tokens.paused')
  else if (s.phase === 'starting') text = t('talk.tokens.starting')
  else if (s.phase === 'failed') text = t('talk.tokens.directoryFailed')
  else if (s.voices.length === 0) text = t('talk.tokens.noVoice')
  else if (count > 0 && readyAt <= Date.now()) text = t('talk.tokens.ready', { count })
  else if (count > 0) text = t('talk.tokens.young', { count, time: formatClockTime(readyAt, lang) })
  else if (s.draw.status === 'done') text = t('talk.tokens.usedUp')
  else if (s.draw.status === 'failed') text = t('talk.tokens.failed')
  else text = t('talk.tokens.preparing')
  const ready = s.phase === 'ready' && !s.paused && count > 0
  return (
    <div className="token-status">
      <p role="status" className={ready ? 'token-line token-ready' : 'token-line'}>
        <span className="token-dot" aria-hidden="true" />
        {text}
      </p>
      {explain && <p className="hint">{t('talk.tokens.explain')}</p>}
    </div>
  )
}
