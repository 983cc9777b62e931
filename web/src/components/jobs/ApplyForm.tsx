import { useRef, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { Application, Job } from '../../../../shared/src/api/jobs.js'
import { JOBS } from '../../../../shared/src/api/limits.js'
import { isApiError } from '../../api/client.js'
import { jobsApi } from '../../api/jobs.js'
import { formatBytes } from '../../lib/bytes.js'
import { focusFirstInvalid, toFormError, type FormError } from '../../lib/problem.js'
import { TextArea } from '../Field.js'
import { FormAlert } from '../FormAlert.js'
import { jobsErrorMessage } from './job-format.js'

/** What is wrong with a chosen résumé, checked before anything is sent: its size, and the "%PDF-" a PDF starts with. */
async function resumeProblem(file: File): Promise<'tooLarge' | 'notPdf' | 'empty' | null> {
  if (file.size === 0) return 'empty'
  if (file.size > JOBS.resumeMaxBytes) return 'tooLarge'
  const head = new Uint8Array(await file.slice(0, 5).arrayBuffer())
  return String.fromCharCode(...head) === '%PDF-' ? null : 'notPdf'
}

/**
 * Applying: a note and, if wanted, a PDF résumé, with the member's profile. The file is checked
 * here first (size, PDF header), so a wrong file is refused with the reason before it is
 * uploaded; the server checks it again by its content and its answer is shown on the field.
 */
export function ApplyForm({ job, onApplied }: { job: Job; onApplied(a: Application): void }) {
  const { t, i18n } = useTranslation()
  const lang = i18n.resolvedLanguage ?? 'en'
  const [note, setNote] = useState('')
  const [file, setFile] = useState<File | null>(null)
  const [error, setError] = useState<FormError | null>(null)
  const [busy, setBusy] = useState(false)
  const formRef = useRef<HTMLFormElement>(null)
  const fileRef = useRef<HTMLInputElement>(null)
  const maxSize = formatBytes(JOBS.resumeMaxBytes, lang)

  async function checkFile(f: File | null): Promise<string | null> {
    if (!f) return null
    const problem = await resumeProblem(f)
    return problem && t(`jobs.apply.${problem}`, { max: maxSize })
  }

  async function onFile(f: File | null) {
    setFile(f)
    const message = await checkFile(f)
    setError(message ? { message: t('errors.summary'), fields: { '/resume': message }, extra: [] } : null)
  }

  async function onSubmit(e: FormEvent) {
    e.preventDefault()
    if (busy) return
    setBusy(true)
    try {
      const message = await checkFile(file)
      if (message) {
        setError({ message: t('errors.summary'), fields: { '/resume': message }, extra: [] })
        return focusFirstInvalid(formRef.current)
      }
      setError(null)
      const application = await jobsApi.apply(job.id, note.trim(), file)
      setNote('')
      setFile(null)
      if (fileRef.current) fileRef.current.value = ''
      onApplied(application)
    } catch (err) {
      const code = isApiError(err) ? err.code : ''
      setError(toFormError(t, err, {
        knows: (p) => p === '/note' || p === '/resume',
        codeFields: { not_a_pdf: '/resume', file_too_large: '/resume', body_too_large: '/resume' },
        codeMessages: { [code]: code === 'body_too_large' ? t('jobs.apply.tooLarge', { max: maxSize }) : jobsErrorMessage(t, err) },
      }))
      focusFirstInvalid(formRef.current)
    } finally {
      setBusy(false)
    }
  }

  const fe = error?.fields ?? {}
  const fileError = fe['/resume']
  return (
    <form ref={formRef} className="apply-form" noValidate aria-labelledby="apply-title" onSubmit={(e) => void onSubmit(e)}>
      <h2 id="apply-title">{t('jobs.apply.title')}</h2>
      <p className="muted small">{t('jobs.apply.intro', { company: job.company.name })}</p>
      <FormAlert error={error} />
      <TextArea id="apply-note" label={t('jobs.apply.note')} optional value={note} maxLength={JOBS.noteLength} rows={5}
        onChange={(e) => setNote(e.target.value)} error={fe['/note']} />
      <div className="field">
        <label htmlFor="apply-resume">
          {t('jobs.apply.resume')}
          <span className="optional"> ({t('fields.optional')})</span>
        </label>
        <input ref={fileRef} id="apply-resume" type="file" accept="application/pdf,.pdf" aria-invalid={fileError ? true : undefined}
          aria-describedby={fileError ? 'apply-resume-hint apply-resume-error' : 'apply-resume-hint'}
          onChange={(e) => void onFile(e.target.files?.[0] ?? null)} />
        <p id="apply-resume-hint" className="hint">{t('jobs.apply.resumeHint', { max: maxSize })}</p>
        {fileError && <p id="apply-resume-error" className="field-error">{fileError}</p>}
      </div>
      <div className="save-row">
        <button type="submit" className="button button-primary" aria-disabled={busy}>{busy ? t('jobs.apply.sending') : t('jobs.apply.submit')}</button>
      </div>
    </form>
  )
}
