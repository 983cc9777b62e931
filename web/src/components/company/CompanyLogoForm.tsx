import { useEffect, useRef, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { Company } from '../../../../shared/src/api/index.js'
import { LOGO } from '../../../../shared/src/api/limits.js'
import { api, logoChanged } from '../../api/client.js'
import { toFormError, type FormError } from '../../lib/problem.js'
import { ConfirmBox } from '../ConfirmBox.js'
import { TextField } from '../Field.js'
import { FormAlert, StatusMessage } from '../FormAlert.js'
import { ImagePreview } from '../ImagePreview.js'
import { CompanyLogo } from './CompanyLogo.js'

const TYPES = ['image/jpeg', 'image/png', 'image/webp']
const MAX_MB = LOGO.maxBytes / (1024 * 1024)
const FILE_CODES = { file_too_large: '/logo', unsupported_image: '/logo', unsupported_media_type: '/logo', malformed_multipart: '/logo' }

/** Admins: upload a logo (checked here first, then re-encoded by the server) or remove it, after a confirmation. */
export function CompanyLogoForm({ company, onChanged }: { company: Company; onChanged: (c: Company) => void }) {
  const { t } = useTranslation()
  const [file, setFile] = useState<File | null>(null)
  const [error, setError] = useState<FormError | null>(null)
  const [status, setStatus] = useState<'logoUploaded' | 'logoRemoved' | null>(null)
  const [busy, setBusy] = useState<'upload' | 'remove' | null>(null)
  const [confirming, setConfirming] = useState(false)
  const fileRef = useRef<HTMLInputElement>(null)
  const removeRef = useRef<HTMLButtonElement>(null)

  // Another company page: nothing picked, nothing said.
  useEffect(() => {
    setFile(null)
    setError(null)
    setStatus(null)
    setConfirming(false)
    if (fileRef.current) fileRef.current.value = ''
  }, [company.slug])

  function fileProblem(f: File | null): string | null {
    if (!f) return t('company.admin.logoRequired')
    if (!TYPES.includes(f.type)) return t('company.admin.logoType')
    if (f.size > LOGO.maxBytes) return t('company.admin.logoSize', { size: (f.size / (1024 * 1024)).toFixed(1), max: MAX_MB })
    return null
  }

  function fieldError(message: string): FormError {
    return { message: t('errors.summary'), fields: { '/logo': message }, extra: [] }
  }

  function onPick(f: File | null) {
    setStatus(null)
    setConfirming(false)
    setFile(f)
    // Say at once when the file cannot be sent, instead of waiting for the upload.
    const problem = f ? fileProblem(f) : null
    setError(problem ? fieldError(problem) : null)
  }

  async function onUpload(e: FormEvent) {
    e.preventDefault()
    if (busy) return
    setStatus(null)
    setConfirming(false)
    const problem = fileProblem(file)
    if (problem || !file) {
      setError(fieldError(problem ?? t('company.admin.logoRequired')))
      return fileRef.current?.focus()
    }
    setError(null)
    setBusy('upload')
    try {
      await api.uploadLogo(company.slug, file)
      logoChanged(company.slug)
      setFile(null)
      if (fileRef.current) fileRef.current.value = ''
      onChanged({ ...company, hasLogo: true })
      setStatus('logoUploaded')
    } catch (err) {
      setError(toFormError(t, err, {
        knows: (p) => p === '/logo',
        codeFields: FILE_CODES,
        codeMessages: {
          file_too_large: t('company.admin.logoTooLarge', { max: MAX_MB }),
          unsupported_image: t('company.admin.logoUnreadable'),
        },
      }))
      fileRef.current?.focus()
    } finally {
      setBusy(null)
    }
  }

  function cancel() {
    setConfirming(false)
    requestAnimationFrame(() => removeRef.current?.focus())
  }

  async function onRemove() {
    if (busy) return
    setBusy('remove')
    try {
      await api.removeLogo(company.slug)
      logoChanged(company.slug)
      setConfirming(false)
      setError(null)
      onChanged({ ...company, hasLogo: false })
      setStatus('logoRemoved')
      // The remove button is gone with the logo: continue at the file input.
      requestAnimationFrame(() => fileRef.current?.focus())
    } catch (err) {
      setConfirming(false)
      setError(toFormError(t, err, { knows: () => false }))
      requestAnimationFrame(() => removeRef.current?.focus())
    } finally {
      setBusy(null)
    }
  }

  const fieldProblem = error?.fields['/logo']
  return (
    <form onSubmit={(e) => void onUpload(e)} noValidate aria-labelledby="logo-title" className="admin-form">
      <h3 id="logo-title">{t('company.admin.logo')}</h3>
      <div className="logo-current">
        <CompanyLogo company={company} size="large" decorative />
        <p className="muted">{company.hasLogo ? t('company.admin.logoCurrent') : t('company.admin.logoNone')}</p>
      </div>
      <FormAlert error={error} />
      <TextField id="company-logo" ref={fileRef} type="file" accept={TYPES.join(',')} label={t('company.admin.logoFile')}
        hint={t('company.admin.logoHint', { max: MAX_MB, size: LOGO.size })} className="file-field"
        onChange={(e) => onPick(e.target.files?.[0] ?? null)} error={fieldProblem} />
      {file && !fileProblem(file) && <ImagePreview file={file} className="logo-preview" alt={t('company.admin.logoPreviewAlt')} caption={(name, size) => t('company.admin.logoPreviewCaption', { name, size })} />}
      {!confirming ? (
        <div className="save-row">
          <button type="submit" className="button button-primary" aria-disabled={busy !== null}>
            {busy === 'upload' ? t('company.admin.logoUploading') : t('company.admin.logoUpload')}
          </button>
          {company.hasLogo && (
            <button ref={removeRef} type="button" className="button button-danger-quiet" aria-disabled={busy !== null}
              onClick={() => { if (!busy) { setStatus(null); setConfirming(true) } }}>
              {t('company.admin.logoRemove')}
            </button>
          )}
        </div>
      ) : (
        <ConfirmBox id="logo" question={t('company.admin.logoRemoveQuestion', { name: company.name })}
          confirmLabel={t('company.admin.logoRemoveConfirm')} busyLabel={t('company.admin.logoRemoving')} busy={busy !== null}
          cancelLabel={t('company.admin.cancel')} onCancel={cancel} onConfirm={() => void onRemove()} />
      )}
      <StatusMessage message={status && t(`company.admin.${status}`)} className="status-success" />
    </form>
  )
}
