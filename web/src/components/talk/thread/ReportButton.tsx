import { useRef, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { REPORT_REASONS, type ReportReason } from '../../../../../shared/src/api/moderation.js'
import { formatClockTime } from '../../../lib/clock-time.js'
import type { ReactionTarget } from '../../../talk/runtime.js'
import { useTalkRuntime, useTalkState } from '../../../talk/talk-context.js'
import { reactionError } from './reaction-error.js'

/**
 * "Report" on a post this browser did not write (DESIGN §4): a small form with the seven reasons.
 * The report is an anonymous write like a vote — signed with this browser's key in the thread,
 * paid with a `react` token and sent when the timing policy says — so what it shows is honest
 * about that: "will be sent around …" while it waits, "Reported — thank you" once the server
 * accepted it. A post reported from this browser is not offered again.
 */
export function ReportButton({ target, postId }: { target: ReactionTarget; postId: string }) {
  const { t, i18n } = useTranslation()
  const lang = i18n.resolvedLanguage ?? 'en'
  const runtime = useTalkRuntime()
  const { reports, paused } = useTalkState()
  const [open, setOpen] = useState(false)
  const [reason, setReason] = useState<ReportReason | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const buttonRef = useRef<HTMLButtonElement>(null)
  const mine = reports[postId]
  const id = `report-${postId}`

  if (mine) {
    const line =
      mine.state === 'stored' || mine.state === 'accepted'
        ? t('talk.moderation.reported')
        : mine.state === 'sending'
          ? t('talk.moderation.reportSent')
          : mine.sendAt === undefined || mine.sendAt === Infinity
            ? t('talk.moderation.reportWillSendTokens')
            : t('talk.moderation.reportWillSend', { time: formatClockTime(Math.max(mine.sendAt, Date.now()), lang) })
    return <p role="status" className="report-status muted small">{line}</p>
  }

  function close() {
    setOpen(false)
    setError(null)
    requestAnimationFrame(() => buttonRef.current?.focus())
  }

  async function onSubmit(e: FormEvent) {
    e.preventDefault()
    if (!runtime || busy) return
    if (!reason) return setError(t('talk.moderation.reportPick'))
    setBusy(true)
    try {
      await runtime.report({ ...target, postId, reason })
      setOpen(false)
      setError(null)
    } catch (err) {
      setError(reactionError(t, err))
    } finally {
      setBusy(false)
    }
  }

  if (!open) {
    return (
      <button ref={buttonRef} type="button" className="button button-link report-button" aria-disabled={!!paused} onClick={() => !paused && setOpen(true)}>
        {t('talk.moderation.report')}
      </button>
    )
  }
  return (
    <form className="report-form" role="dialog" aria-labelledby={`${id}-title`} onSubmit={(e) => void onSubmit(e)}
      onKeyDown={(e) => e.key === 'Escape' && close()} noValidate>
      <h3 id={`${id}-title`} className="report-title">{t('talk.moderation.reportTitle')}</h3>
      <p className="hint">{t('talk.moderation.reportIntro')}</p>
      <fieldset className="report-reasons">
        <legend className="visually-hidden">{t('talk.moderation.reportReason')}</legend>
        {REPORT_REASONS.map((r, i) => (
          <label key={r} className="report-reason">
            <input type="radio" name={`${id}-reason`} value={r} checked={reason === r} autoFocus={i === 0} onChange={() => setReason(r)} />
            <span>
              <span className="report-reason-name">{t(`talk.moderation.reasons.${r}`)}</span>
              <span className="hint"> — {t(`talk.moderation.reasonHints.${r}`)}</span>
            </span>
          </label>
        ))}
      </fieldset>
      {error && <p className="field-error" role="alert">{error}</p>}
      <div className="save-row">
        <button type="submit" className="button button-primary" aria-disabled={busy || !reason}>
          {busy ? t('talk.moderation.reportSending') : t('talk.moderation.reportSend')}
        </button>
        <button type="button" className="button button-secondary" onClick={close}>
          {t('talk.moderation.reportCancel')}
        </button>
      </div>
    </form>
  )
}
