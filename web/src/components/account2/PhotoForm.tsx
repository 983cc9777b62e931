import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { Me } from '../../../../shared/src/api/index.js'
import { PHOTO } from '../../../../shared/src/api/limits.js'
import { account2Api } from '../../api/account2.js'
import { toFormError, type FormError } from '../../lib/problem.js'
import { useSession } from '../../session/session-context.js'
import { FormAlert, StatusMessage } from '../FormAlert.js'
import { ImagePreview } from '../ImagePreview.js'
import { Avatar } from './Avatar.js'

/** Profile edit → Photo: pick (with a preview), upload or replace, remove. */
export function PhotoForm({ me }: { me: Me }) {
  const { t } = useTranslation()
  const session = useSession()
  const [file, setFile] = useState<File | null>(null)
  const [error, setError] = useState<FormError | null>(null)
  const [status, setStatus] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [inputKey, setInputKey] = useState(0)

  async function run(work: () => Promise<void>, done: string) {
    if (busy) return
    setBusy(true)
    setStatus(null)
    setError(null)
    try {
      await work()
      await session.refreshMe()
      setFile(null)
      setInputKey((k) => k + 1)
      setStatus(done)
    } catch (err) {
      setError(toFormError(t, err, { knows: (p) => p === '/photo', codeMessages: { unsupported_image: t('account2.photo.unsupported'), file_too_large: t('account2.photo.tooLarge', { mb: PHOTO.maxBytes / (1024 * 1024) }) } }))
    } finally {
      setBusy(false)
    }
  }

  function onSubmit(e: FormEvent) {
    e.preventDefault()
    if (!file) {
      setError({ message: t('account2.photo.pick'), fields: { '/photo': t('account2.photo.pick') }, extra: [] })
      return document.getElementById('photo-file')?.focus()
    }
    if (file.size > PHOTO.maxBytes) {
      setError({ message: t('account2.photo.tooLarge', { mb: PHOTO.maxBytes / (1024 * 1024) }), fields: {}, extra: [] })
      return
    }
    void run(async () => void (await account2Api.uploadPhoto(file)), t('account2.photo.saved'))
  }

  const fieldError = error?.fields['/photo']
  return (
    <section className="card" aria-labelledby="photo-title">
      <h2 id="photo-title">{t('account2.photo.title')}</h2>
      <div className="photo-row">
        <Avatar name={me.name} url={me.photoUrl} />
        <p className="muted">{me.photoUrl ? t('account2.photo.current') : t('account2.photo.none')}</p>
      </div>
      <form onSubmit={onSubmit} noValidate>
        <FormAlert error={error} />
        <div className="field">
          <label htmlFor="photo-file">{me.photoUrl ? t('account2.photo.replaceLabel') : t('account2.photo.label')}</label>
          <input key={inputKey} id="photo-file" type="file" accept={PHOTO.mediaTypes.join(',')} aria-describedby="photo-file-hint" aria-invalid={fieldError ? true : undefined}
            onChange={(e) => { setFile(e.target.files?.[0] ?? null); setStatus(null); setError(null) }} />
          <p id="photo-file-hint" className="hint">{t('account2.photo.hint', { mb: PHOTO.maxBytes / (1024 * 1024) })}</p>
        </div>
        {file && <ImagePreview file={file} alt={t('account2.photo.previewAlt')} caption={(name, size) => t('account2.photo.previewCaption', { name, size })} />}
        <div className="save-row">
          <button type="submit" className="button button-primary" aria-disabled={busy}>
            {busy ? t('account2.saving') : t('account2.photo.upload')}
          </button>
          {me.photoUrl && (
            <button type="button" className="button button-secondary" aria-disabled={busy} onClick={() => void run(() => account2Api.removePhoto(), t('account2.photo.removed'))}>
              {t('account2.photo.remove')}
            </button>
          )}
          <StatusMessage message={status} className="status-success" />
        </div>
      </form>
    </section>
  )
}
