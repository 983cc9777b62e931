import { useEffect, useRef, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { NETWORK } from '../../../../shared/src/api/limits.js'
import { networkApi } from '../../api/network.js'
import { networkError } from './network-error.js'

/** The invitation step: an optional note, then send. The note field takes the focus when it opens. */
export function ConnectForm({ handle, name, onSent, onCancel }: { handle: string; name: string; onSent(): void; onCancel(): void }) {
  const { t } = useTranslation()
  const [note, setNote] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const noteRef = useRef<HTMLTextAreaElement>(null)
  useEffect(() => noteRef.current?.focus(), [])

  async function submit(e: FormEvent) {
    e.preventDefault()
    if (busy) return
    setBusy(true)
    setError(null)
    try {
      await networkApi.invite(handle, note.trim() || undefined)
      onSent()
    } catch (err) {
      setError(networkError(t, err))
      setBusy(false)
    }
  }

  return (
    <form className="connect-form" onSubmit={submit} aria-label={t('network.connectWith', { name })}>
      {error && (
        <p role="alert" className="alert alert-error">
          {error}
        </p>
      )}
      <label htmlFor={`note-${handle}`}>{t('network.noteLabel')}</label>
      <textarea id={`note-${handle}`} ref={noteRef} value={note} maxLength={NETWORK.noteLength} rows={3}
        aria-describedby={`note-${handle}-hint`} onChange={(e) => setNote(e.target.value)} />
      <p id={`note-${handle}-hint`} className="muted small">{t('network.noteHint', { max: NETWORK.noteLength })}</p>
      <div className="save-row">
        <button type="submit" className="button button-primary" aria-disabled={busy}>
          {busy ? t('network.sending') : t('network.send')}
        </button>
        <button type="button" className="button button-secondary" onClick={onCancel}>
          {t('network.cancel')}
        </button>
      </div>
    </form>
  )
}
