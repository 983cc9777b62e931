import { useTranslation } from 'react-i18next'
import { useTalkState } from '../../talk/talk-context.js'

/**
 * How many anonymous tokens this browser holds (for one voice, or all), as a polite live region.
 * "Preparing…" while the background fetch has not brought any yet.
 */
export function TokenStatus({ voiceId, explain = false }: { voiceId?: string | undefined; explain?: boolean }) {
  const { t } = useTranslation()
  const s = useTalkState()
  const count = voiceId ? (s.tokens[voiceId] ?? 0) : Object.values(s.tokens).reduce((a, b) => a + b, 0)
  let text: string
  if (s.phase === 'starting') text = t('talk.tokens.starting')
  else if (s.phase === 'failed') text = t('talk.tokens.directoryFailed')
  else if (s.voices.length === 0) text = t('talk.tokens.noVoice')
  else if (count > 0) text = t('talk.tokens.ready', { count })
  else if (s.refill === 'quota') text = t('talk.tokens.quota')
  else if (s.refill === 'not_verified') text = t('talk.tokens.notVerified')
  else if (s.refill === 'failed') text = t('talk.tokens.failed')
  else text = t('talk.tokens.preparing')
  const ready = s.phase === 'ready' && count > 0
  return (
    <div className="token-status">
      <p role="status" className={ready ? 'token-line token-ready' : 'token-line'}>
        <span className="token-dot" aria-hidden="true" />
        {text}
        {ready && s.refill === 'quota' && <> {t('talk.tokens.quota')}</>}
      </p>
      {explain && <p className="hint">{t('talk.tokens.explain')}</p>}
    </div>
  )
}
