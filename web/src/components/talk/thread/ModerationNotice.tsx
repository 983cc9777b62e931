import { useRef, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { MODERATION } from '../../../../../shared/src/api/limits.js'
import type { ModerationView } from '../../../../../shared/src/api/talk.js'
import { isApiError } from '../../../api/client.js'
import type { ReactionTarget } from '../../../talk/runtime.js'
import { useTalkRuntime } from '../../../talk/talk-context.js'
import { TextArea } from '../../Field.js'
import { writeError } from '../write-error.js'
import { appealLine, moderationLine, moderationReason } from './moderation-text.js'

const APPEAL_CODES = ['not_author', 'not_moderated', 'appeal_open', 'appeals_exhausted'] as const

/**
 * What a held, hidden or removed post shows in its place: why, and the latest appeal's state.
 * When this browser holds the post's key (it wrote it, or was restored from the recovery phrase),
 * it may appeal: signed with that key, sent without session or token (runtime.appeal). The
 * author of a held post is told which rule tripped and that editing the detail out publishes it.
 */
export function ModerationNotice({ moderation, post, target, mine }: {
  moderation: ModerationView
  post: { id: string; authorKey: string }
  target: ReactionTarget
  mine: boolean
}) {
  const { t } = useTranslation()
  const runtime = useTalkRuntime()
  const [open, setOpen] = useState(false)
  const [text, setText] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [sent, setSent] = useState(false)
  const buttonRef = useRef<HTMLButtonElement>(null)
  const id = `appeal-${post.id}`
  const appeal = appealLine(t, moderation.appeal)
  const canAppeal = mine && !sent && moderation.appeal !== 'open' && moderation.appeal !== 'reversed'

  async function onSubmit(e: FormEvent) {
    e.preventDefault()
    if (!runtime || busy) return
    if (!text.trim()) return setError(t('talk.moderation.appealEmpty'))
    setBusy(true)
    try {
      await runtime.appeal(post, target, text)
      setSent(true)
      setOpen(false)
      setError(null)
    } catch (err) {
      const code = isApiError(err) ? err.code : err instanceof Error && err.name === 'NotMyPostError' ? 'not_author' : ''
      const own = APPEAL_CODES.find((c) => c === code)
      setError(own ? t(`talk.moderation.appealErrors.${own}`) : writeError(t, err, () => false).message)
    } finally {
      setBusy(false)
    }
  }

  return (
    <div className={`moderation-notice moderation-${moderation.state}`}>
      <p className="moderation-line">{moderationLine(t, moderation)}</p>
      {appeal && <p className="moderation-appeal">{appeal}</p>}
      {mine && moderation.state === 'held' && (
        <p className="hint">
          {t('talk.moderation.ownHeld', { reason: moderationReason(t, moderation.reason) })} {t('talk.moderation.ownHeldHint')}
        </p>
      )}
      {sent && <p role="status" className="moderation-appeal">{t('talk.moderation.appealSent')}</p>}
      {canAppeal && !open && (
        <button ref={buttonRef} type="button" className="button button-secondary" onClick={() => setOpen(true)}>
          {t('talk.moderation.appeal')}
        </button>
      )}
      {canAppeal && open && (
        <form className="appeal-form" aria-labelledby={`${id}-title`} onSubmit={(e) => void onSubmit(e)} noValidate>
          <h3 id={`${id}-title`} className="report-title">{t('talk.moderation.appealTitle')}</h3>
          <p className="hint">{t('talk.moderation.appealIntro')}</p>
          <TextArea id={`${id}-body`} label={t('talk.moderation.appealBody')} value={text} maxLength={MODERATION.appealLength} rows={4}
            onChange={(e) => setText(e.target.value)} autoFocus />
          {error && <p className="field-error" role="alert">{error}</p>}
          <div className="save-row">
            <button type="submit" className="button button-primary" aria-disabled={busy}>
              {busy ? t('talk.moderation.appealSending') : t('talk.moderation.appealSend')}
            </button>
            <button type="button" className="button button-secondary" onClick={() => {
              setOpen(false)
              setError(null)
              requestAnimationFrame(() => buttonRef.current?.focus())
            }}>
              {t('talk.moderation.appealCancel')}
            </button>
          </div>
        </form>
      )}
    </div>
  )
}
