import { useRef, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { BADGE, LIMITS } from '../../../../shared/src/api/limits.js'
import { api } from '../../api/client.js'
import { clientFormError, focusFirstInvalid, toFormError, type FieldErrors, type FormError } from '../../lib/problem.js'
import { TextField } from '../Field.js'
import { FormAlert, StatusMessage } from '../FormAlert.js'
import { ImagePreview } from '../ImagePreview.js'
import { PrivacyNote } from '../PrivacyNote.js'

const FIELDS = new Set(['/companyName', '/companyDomain', '/photo'])
const DOMAIN = /^[a-z0-9-]+(\.[a-z0-9-]+)+$/
const MAX_MB = BADGE.maxBytes / (1024 * 1024)
const ACCEPT = BADGE.mediaTypes.join(',')

/** Badge photo: company name, optional domain, the photo. Checked here first, then by the server. */
export function BadgeForm({ onSubmitted }: { onSubmitted: () => void }) {
  const { t } = useTranslation()
  const [companyName, setCompanyName] = useState('')
  const [companyDomain, setCompanyDomain] = useState('')
  const [photo, setPhoto] = useState<File | null>(null)
  const [error, setError] = useState<FormError | null>(null)
  const [sent, setSent] = useState(false)
  const [busy, setBusy] = useState(false)
  const formRef = useRef<HTMLFormElement>(null)
  const fileRef = useRef<HTMLInputElement>(null)

  function photoProblem(file: File | null): string | null {
    if (!file) return t('verify.badge.photoRequired')
    if (!(BADGE.mediaTypes as readonly string[]).includes(file.type)) return t('verify.badge.photoType')
    if (file.size > BADGE.maxBytes) return t('verify.badge.photoSize', { size: (file.size / (1024 * 1024)).toFixed(1), max: MAX_MB })
    return null
  }

  function onPick(file: File | null) {
    setSent(false)
    setPhoto(file)
    const problem = file ? photoProblem(file) : null
    // Say at once when the file cannot be sent, instead of waiting for the submit.
    setError((prev) => {
      const fields = { ...(prev?.fields ?? {}) }
      delete fields['/photo']
      if (problem) fields['/photo'] = problem
      return Object.keys(fields).length ? { message: t('errors.summary'), fields, extra: [] } : null
    })
  }

  async function onSubmit(e: FormEvent) {
    e.preventDefault()
    if (busy) return
    setSent(false)
    const f: FieldErrors = {}
    const name = companyName.trim()
    const domain = companyDomain.trim().toLowerCase()
    if (!name) f['/companyName'] = t('validation.required')
    if (domain && !DOMAIN.test(domain)) f['/companyDomain'] = t('verify.badge.domainFormat')
    const problem = photoProblem(photo)
    if (problem) f['/photo'] = problem
    const invalid = clientFormError(t, f)
    setError(invalid)
    if (invalid || !photo) return focusFirstInvalid(formRef.current)
    setBusy(true)
    try {
      await api.submitBadge({ photo, companyName: name, companyDomain: domain })
      setCompanyName('')
      setCompanyDomain('')
      setPhoto(null)
      if (fileRef.current) fileRef.current.value = ''
      setSent(true)
      onSubmitted()
    } catch (err) {
      setError(toFormError(t, err, {
        knows: (p) => FIELDS.has(p),
        codeFields: { file_too_large: '/photo', unsupported_image: '/photo', unsupported_media_type: '/photo' },
        codeMessages: { file_too_large: t('verify.badge.photoTooLarge', { max: MAX_MB }) },
      }))
      focusFirstInvalid(formRef.current)
    } finally {
      setBusy(false)
    }
  }

  return (
    <form ref={formRef} onSubmit={(e) => void onSubmit(e)} noValidate>
      <p>{t('verify.badge.intro')}</p>
      <FormAlert error={error} />
      <TextField id="badge-company" label={t('verify.badge.company')} value={companyName} maxLength={LIMITS.entryTextLength}
        required autoComplete="organization" onChange={(e) => setCompanyName(e.target.value)} error={error?.fields['/companyName']} />
      <TextField id="badge-domain" label={t('verify.badge.domain')} value={companyDomain} maxLength={253} optional
        inputMode="url" autoCapitalize="none" spellCheck={false} hint={t('verify.badge.domainHint')}
        onChange={(e) => setCompanyDomain(e.target.value)} error={error?.fields['/companyDomain']} />
      <TextField id="badge-photo" ref={fileRef} type="file" accept={ACCEPT} label={t('verify.badge.photo')} required
        hint={t('verify.badge.photoHint', { max: MAX_MB })} className="file-field"
        onChange={(e) => onPick(e.target.files?.[0] ?? null)} error={error?.fields['/photo']} />
      {photo && !photoProblem(photo) && <ImagePreview file={photo} alt={t('verify.badge.previewAlt')} caption={(name, size) => t('verify.badge.previewCaption', { name, size })} />}
      <PrivacyNote>{t('verify.badge.privacy', { days: BADGE.keepDays })}</PrivacyNote>
      <div className="save-row">
        <button type="submit" className="button button-primary" aria-disabled={busy}>
          {busy ? t('verify.badge.sending') : t('verify.badge.submit')}
        </button>
        <StatusMessage message={sent ? t('verify.badge.sent') : null} className="status-success" />
      </div>
    </form>
  )
}
