import { useRef, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router-dom'
import type { QueuedSubmission } from '../../../../shared/src/api/index.js'
import { api, isApiError, photoUrl } from '../../api/client.js'
import { formatDateTime } from '../../lib/dates.js'
import { clientFormError, focusFirstInvalid, toFormError, type FormError } from '../../lib/problem.js'
import { TextArea } from '../Field.js'
import { FormAlert } from '../FormAlert.js'
import { type Choice, CompanyPicker, type Picked } from './CompanyPicker.js'

export type Decision = { kind: 'approved'; company: string } | { kind: 'rejected' } | { kind: 'gone'; message: string }

/** One waiting badge photo: look, then approve (optionally into an existing company) or reject with a reason. */
export function ReviewItem({ s, onDecided }: { s: QueuedSubmission; onDecided: (d: Decision) => void }) {
  const { t, i18n } = useTranslation()
  const lang = i18n.resolvedLanguage ?? 'en'
  const [choices, setChoices] = useState<Choice[] | null>(null)
  const [picked, setPicked] = useState<Picked>(null)
  const [reason, setReason] = useState('')
  const [error, setError] = useState<FormError | null>(null)
  const [busy, setBusy] = useState<'approve' | 'reject' | null>(null)
  const [photoFailed, setPhotoFailed] = useState(false)
  const formRef = useRef<HTMLFormElement>(null)
  const id = `review-${s.id}`

  async function decide(kind: 'approve' | 'reject') {
    if (busy) return
    const r = reason.trim()
    const nearExists = (choices ?? []).some((c) => c.reason !== null)
    const companyProblem =
      kind !== 'approve' ? null : picked === null ? t('reviews.pickCompany') : 'createNew' in picked && nearExists && !picked.confirmed ? t('reviews.confirmNeeded') : null
    const invalid = clientFormError(t, kind === 'reject' && !r ? { '/reason': t('reviews.reasonRequired') } : companyProblem ? { '/company': companyProblem } : {})
    setError(invalid)
    if (invalid) return focusFirstInvalid(formRef.current)
    setBusy(kind)
    try {
      if (kind === 'approve') {
        const body = picked && 'slug' in picked ? { companySlug: picked.slug } : nearExists ? { createCompany: true } : {}
        const { company } = await api.approveBadge(s.id, body)
        onDecided({ kind: 'approved', company: company?.name ?? s.companyName })
      } else {
        await api.rejectBadge(s.id, r)
        onDecided({ kind: 'rejected' })
      }
    } catch (err) {
      // Someone else decided first: it is no longer ours to decide.
      if (isApiError(err) && err.code === 'already_decided') return onDecided({ kind: 'gone', message: t('errors.already_decided') })
      // The submission itself is gone (it vanishes with its member's account). An unknown slug is a 422, not this.
      if (isApiError(err) && err.status === 404) return onDecided({ kind: 'gone', message: t('reviews.gone') })
      // A company appeared, or was merged away, since the list was read: read it again and let the reviewer pick.
      if (isApiError(err) && (err.code === 'near_matches' || err.code === 'unknown_company')) {
        setChoices(null)
        setPicked(null)
      }
      setError(toFormError(t, err, {
        knows: (p) => p === '/company' || p === '/reason',
        codeFields: { unknown_company: '/company', near_matches: '/company' },
        codeMessages: { unknown_company: t('reviews.companyGone'), near_matches: t('reviews.nearAppeared') },
      }))
      focusFirstInvalid(formRef.current)
      setBusy(null)
    }
  }

  function onSubmit(e: FormEvent) {
    e.preventDefault()
    void decide('approve')
  }

  return (
    <li className="card review" aria-labelledby={`${id}-title`}>
      <div className="review-grid">
        <div className="review-photo">
          {photoFailed ? (
            <p className="muted">{t('reviews.photoMissing')}</p>
          ) : (
            <a href={photoUrl.review(s.id)} target="_blank" rel="noreferrer">
              <img src={photoUrl.review(s.id)} alt={t('reviews.photoAlt', { name: s.member.name })} onError={() => setPhotoFailed(true)} />
            </a>
          )}
        </div>
        <div className="review-body">
          <h2 id={`${id}-title`} className="review-title">
            <Link to={`/in/${s.member.handle}`}>{s.member.name}</Link>
          </h2>
          <dl className="facts">
            <dt>{t('reviews.claims')}</dt>
            <dd>{s.companyName}</dd>
            <dt>{t('reviews.domain')}</dt>
            <dd>{s.companyDomain ?? <span className="muted">{t('reviews.noDomain')}</span>}</dd>
            <dt>{t('reviews.submitted')}</dt>
            <dd>{formatDateTime(s.submittedAt, lang)}</dd>
          </dl>
          <form ref={formRef} onSubmit={onSubmit} noValidate>
            <FormAlert error={error} />
            <CompanyPicker id={id} submissionId={s.id} claimed={s.companyName} choices={choices} setChoices={setChoices} picked={picked} onPick={setPicked}
              error={error?.fields['/company']} />
            <TextArea id={`${id}-reason`} label={t('reviews.reason')} value={reason} maxLength={500} rows={2}
              hint={t('reviews.reasonHint')} onChange={(e) => setReason(e.target.value)} error={error?.fields['/reason']} />
            <div className="save-row">
              <button type="submit" className="button button-primary" aria-disabled={busy !== null}>
                {busy === 'approve' ? t('reviews.approving') : t('reviews.approve')}
                <span className="visually-hidden"> – {s.member.name}</span>
              </button>
              <button type="button" className="button button-danger" aria-disabled={busy !== null} onClick={() => void decide('reject')}>
                {busy === 'reject' ? t('reviews.rejecting') : t('reviews.reject')}
                <span className="visually-hidden"> – {s.member.name}</span>
              </button>
            </div>
          </form>
        </div>
      </div>
    </li>
  )
}
