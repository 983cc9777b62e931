import { useRef, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router-dom'
import { MODERATION } from '../../../../shared/src/api/limits.js'
import { REPORT_REASONS, type ReportReason } from '../../../../shared/src/api/moderation.js'
import { moderationApi } from '../../api/moderation.js'
import { SelectField, TextArea, TextField } from '../../components/Field.js'
import { FormAlert } from '../../components/FormAlert.js'
import { reasonLabel } from '../../components/moderation/reasons.js'
import { clientFormError, focusFirstInvalid, toFormError, type FormError } from '../../lib/problem.js'
import { usePageTitle } from '../../lib/use-page-title.js'
import '../../styles-moderation.css'

const FIELDS = ['/contact', '/url', '/reason', '/details']

/** /takedown (public, no account): for people named in content here, members or not. */
export default function TakedownPage() {
  const { t } = useTranslation()
  const formRef = useRef<HTMLFormElement>(null)
  const [contact, setContact] = useState('')
  const [url, setUrl] = useState('')
  const [reason, setReason] = useState<ReportReason | ''>('')
  const [details, setDetails] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<FormError | null>(null)
  const [sent, setSent] = useState(false)
  usePageTitle(t('moderation.takedown.title'))

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    if (busy) return
    const missing: Record<string, string> = {}
    if (!contact.trim()) missing['/contact'] = t('moderation.takedown.contactMissing')
    if (!url.trim()) missing['/url'] = t('moderation.takedown.urlMissing')
    if (!reason) missing['/reason'] = t('moderation.takedown.reasonMissing')
    if (!details.trim()) missing['/details'] = t('moderation.takedown.detailsMissing')
    const local = clientFormError(t, missing)
    if (local || !reason) {
      setError(local)
      focusFirstInvalid(formRef.current)
      return
    }
    setBusy(true)
    setError(null)
    try {
      await moderationApi.takedown({ contact: contact.trim(), url: url.trim(), reason, details: details.trim() })
      setSent(true)
    } catch (err) {
      setError(toFormError(t, err, { knows: (p) => FIELDS.includes(p), codeMessages: { rate_limited: t('moderation.takedown.tooMany') } }))
      focusFirstInvalid(formRef.current)
    } finally {
      setBusy(false)
    }
  }

  if (sent) {
    return (
      <section className="card narrow" aria-labelledby="td-done">
        <h1 id="td-done">{t('moderation.takedown.doneTitle')}</h1>
        <p role="status">{t('moderation.takedown.doneBody', { contact: contact.trim() })}</p>
        <Link to="/moderation/log">{t('moderation.log.title')}</Link>
      </section>
    )
  }

  const err = (p: string) => error?.fields[p]
  return (
    <section className="card narrow" aria-labelledby="td-title">
      <h1 id="td-title">{t('moderation.takedown.title')}</h1>
      <p>{t('moderation.takedown.intro')}</p>
      <form ref={formRef} noValidate onSubmit={(e) => void submit(e)}>
        <FormAlert error={error} />
        <TextField id="td-contact" label={t('moderation.takedown.contact')} hint={t('moderation.takedown.contactHint')} type="email" autoComplete="email" maxLength={254}
          value={contact} onChange={(e) => setContact(e.target.value)} error={err('/contact')} />
        <TextField id="td-url" label={t('moderation.takedown.url')} hint={t('moderation.takedown.urlHint', { origin: window.location.origin })} type="url" maxLength={2000}
          value={url} onChange={(e) => setUrl(e.target.value)} error={err('/url')} />
        <SelectField id="td-reason" label={t('moderation.takedown.reason')} value={reason} onChange={(e) => setReason(e.target.value as ReportReason)} error={err('/reason')}>
          <option value="">{t('moderation.takedown.reasonPick')}</option>
          {REPORT_REASONS.map((r) => (
            <option key={r} value={r}>
              {reasonLabel(t, r)}
            </option>
          ))}
        </SelectField>
        <TextArea id="td-details" label={t('moderation.takedown.details')} hint={t('moderation.takedown.detailsHint')} rows={5} maxLength={MODERATION.takedownDetailsLength}
          value={details} onChange={(e) => setDetails(e.target.value)} error={err('/details')} />
        <button type="submit" className="button button-primary" aria-disabled={busy}>
          {busy ? t('moderation.takedown.sending') : t('moderation.takedown.send')}
        </button>
      </form>
    </section>
  )
}
