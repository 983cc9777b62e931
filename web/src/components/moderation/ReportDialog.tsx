import { useId, useRef, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { MODERATION } from '../../../../shared/src/api/limits.js'
import { REPORT_REASONS, type RealNameTarget, type ReportReason } from '../../../../shared/src/api/moderation.js'
import { isApiError } from '../../api/client.js'
import { moderationApi } from '../../api/moderation.js'
import { errorMessage } from '../../lib/problem.js'
import { useSession } from '../../session/session-context.js'
import { reasonLabel } from './reasons.js'
import '../../styles-moderation.css'

interface Props {
  targetType: RealNameTarget
  /** The content's id (a profile: its handle; a message: its numeric id). */
  targetId: string
  /** Names what is reported in the dialog's title ("Report Ada's post"). */
  what?: string
  className?: string
}

/**
 * "Report" on real-name content: a button opening a modal dialog with the reasons, an optional
 * note and a send button (POST /reports). Signed-in members only; own content is refused by the
 * server with own_content, which is said in place. Work Talk posts report anonymously instead.
 */
export function ReportDialog({ targetType, targetId, what, className }: Props) {
  const { t } = useTranslation()
  const { status } = useSession()
  const id = useId()
  const dialogRef = useRef<HTMLDialogElement>(null)
  const [reason, setReason] = useState<ReportReason | ''>('')
  const [note, setNote] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [done, setDone] = useState(false)
  if (status !== 'signedIn') return null

  const open = () => {
    setError(null)
    dialogRef.current?.showModal()
  }
  const close = () => dialogRef.current?.close()
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    if (busy) return
    if (!reason) {
      setError(t('moderation.report.pickReason'))
      return
    }
    setBusy(true)
    setError(null)
    try {
      await moderationApi.report({ targetType, targetId, reason, ...(note.trim() ? { note: note.trim() } : {}) })
      setDone(true)
      close()
    } catch (err) {
      setError(isApiError(err) && err.code === 'own_content' ? t('moderation.report.own') : errorMessage(t, err))
    } finally {
      setBusy(false)
    }
  }

  return (
    <>
      {done ? (
        <span className={`muted small report-done ${className ?? ''}`} role="status">
          {t('moderation.report.done')}
        </span>
      ) : (
        <button type="button" className={`button button-link ${className ?? ''}`} aria-haspopup="dialog" onClick={open}>
          {t('moderation.report.button')}
        </button>
      )}
      <dialog ref={dialogRef} className="report-dialog" aria-labelledby={`${id}-title`}>
        <form method="dialog" onSubmit={(e) => void submit(e)}>
          <h2 id={`${id}-title`}>{what ? t('moderation.report.titleOf', { what }) : t('moderation.report.title')}</h2>
          <p className="muted small">{t('moderation.report.intro')}</p>
          <fieldset className="report-reasons">
            <legend>{t('moderation.report.reason')}</legend>
            {REPORT_REASONS.map((r) => (
              <label key={r} className="report-reason">
                <input type="radio" name={`${id}-reason`} value={r} checked={reason === r} onChange={() => setReason(r)} />
                <span>
                  {reasonLabel(t, r)}
                  <span className="muted small report-hint">{t(`moderation.hints.${r}`)}</span>
                </span>
              </label>
            ))}
          </fieldset>
          <label htmlFor={`${id}-note`}>
            {t('moderation.report.note')} <span className="optional">({t('fields.optional')})</span>
          </label>
          <textarea id={`${id}-note`} rows={3} value={note} maxLength={MODERATION.reportNoteLength} onChange={(e) => setNote(e.target.value)} />
          {error && (
            <p className="alert alert-error" role="alert">
              {error}
            </p>
          )}
          <div className="save-row">
            <button type="submit" className="button button-primary" aria-disabled={busy}>
              {busy ? t('moderation.report.sending') : t('moderation.report.send')}
            </button>
            <button type="button" className="button button-secondary" onClick={close}>
              {t('moderation.cancel')}
            </button>
          </div>
        </form>
      </dialog>
    </>
  )
}
