import { useRef, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router-dom'
import type { Review, ReviewResponse } from '../../../../shared/src/api/company-reviews.js'
import { COMPANY_REVIEWS } from '../../../../shared/src/api/limits.js'
import { companyReviewsApi } from '../../api/company-reviews.js'
import { formatDay, formatLongMonth } from '../../lib/dates.js'
import { clientFormError, type FormError } from '../../lib/problem.js'
import { ConfirmBox } from '../ConfirmBox.js'
import { TextArea } from '../Field.js'
import { FormAlert } from '../FormAlert.js'
import { ReportDialog } from '../moderation/ReportDialog.js'
import type { CompanyRecords } from './company-records.js'
import { ModeratedRecord } from './ModeratedRecord.js'
import { reviewsError } from './review-format.js'
import { Stars } from './Stars.js'

/**
 * One review: headline and stars, who wrote it (current or former, the job family, the month),
 * pros, cons and advice, "Helpful", and the company's one public answer — which a representative
 * (`canRespond`) writes, edits or deletes here. "Report" sends a member's report to the
 * moderators; a hidden or removed review shows the decision in its place, nothing of its text.
 */
export function ReviewCard({ review, company, records, canRespond, onResponse }: {
  review: Review
  company: { slug: string; name: string }
  records: CompanyRecords
  canRespond: boolean
  onResponse: (response: ReviewResponse | null) => void
}) {
  const { t, i18n } = useTranslation()
  const lang = i18n.resolvedLanguage ?? 'en'
  const titleId = `review-${review.id}-title`
  const meta = [
    t(`companyReviews.employment.${review.employment}`),
    t(`companyReviews.titleFamilies.${review.titleFamily}`),
    formatLongMonth(review.postedOn, lang),
  ].join(' · ')
  if (review.moderation) return <ModeratedRecord id={`review-${review.id}`} heading={t('companyReviews.review.moderated')} meta={meta} moderation={review.moderation} />
  return (
    <article id={`review-${review.id}`} className="review-card" aria-labelledby={titleId}>
      <header className="review-card-head">
        <Stars value={review.ratings.overall} />
        <h3 id={titleId} className="review-headline">{review.headline || t('companyReviews.review.untitled')}</h3>
        <p className="muted small review-meta">{meta}</p>
        <ul className="review-flags">
          <li className={review.recommend ? 'flag flag-yes' : 'flag flag-no'}>
            {t(review.recommend ? 'companyReviews.review.recommends' : 'companyReviews.review.notRecommends')}
          </li>
          {review.ceo && <li className={`flag flag-${review.ceo}`}>{t(`companyReviews.review.ceo.${review.ceo}`)}</li>}
        </ul>
      </header>
      <dl className="review-texts">
        <dt>{t('companyReviews.review.pros')}</dt>
        <dd className="prewrap">{review.pros}</dd>
        <dt>{t('companyReviews.review.cons')}</dt>
        <dd className="prewrap">{review.cons}</dd>
        {review.advice && (
          <>
            <dt>{t('companyReviews.review.advice')}</dt>
            <dd className="prewrap">{review.advice}</dd>
          </>
        )}
      </dl>
      <div className="review-actions">
        <HelpfulButton review={review} records={records} />
        <ReportDialog targetType="review" targetId={review.id} what={t('companyReviews.review.reportWhat', { headline: review.headline || t('companyReviews.review.untitled') })} />
      </div>
      <ResponseBlock review={review} company={company} canRespond={canRespond} onResponse={onResponse} lang={lang} />
    </article>
  )
}

/** "Helpful (n)": an anonymous mark, one per member and review, sent by the runtime like a vote. */
function HelpfulButton({ review, records }: { review: Review; records: CompanyRecords }) {
  const { t } = useTranslation()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const mark = records.helpful[review.id]
  const label = t('companyReviews.review.helpful', { count: review.helpful })
  if (records.status === 'unverified') {
    return review.helpful > 0 ? <p className="muted small review-helpful">{t('companyReviews.review.helpfulCount', { count: review.helpful })}</p> : null
  }
  const disabled = busy || records.status !== 'ready' || records.paused

  async function onClick() {
    // One mark per member and review, and it cannot be taken back: pressed again, nothing happens.
    if (disabled || mark) return
    setBusy(true)
    try {
      await records.markHelpful(review.id)
      setError(null)
    } catch (err) {
      setError(reviewsError(t, err))
    } finally {
      setBusy(false)
    }
  }

  return (
    <div className="review-helpful">
      <button type="button" className={mark ? 'button button-quiet helpful-button helpful-on' : 'button button-quiet helpful-button'}
        aria-pressed={!!mark} aria-disabled={disabled} onClick={() => void onClick()}>
        {label}
      </button>
      {mark?.pending && <span className="muted small">{t('companyReviews.review.helpfulPending')}</span>}
      {mark && !mark.pending && <span className="muted small">{t('companyReviews.review.helpfulMarked')}</span>}
      {error && <span className="field-error small" role="alert">{error}</span>}
    </div>
  )
}

function ResponseBlock({ review, company, canRespond, onResponse, lang }: {
  review: Review
  company: { slug: string; name: string }
  canRespond: boolean
  onResponse: (response: ReviewResponse | null) => void
  lang: string
}) {
  const { t } = useTranslation()
  const [editing, setEditing] = useState(false)
  const [confirming, setConfirming] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const openRef = useRef<HTMLButtonElement>(null)
  const r = review.response
  const id = `response-${review.id}`

  async function remove() {
    if (busy) return
    setBusy(true)
    try {
      await companyReviewsApi.removeResponse(company.slug, review.id)
      setConfirming(false)
      setError(null)
      onResponse(null)
    } catch (err) {
      setError(reviewsError(t, err))
    } finally {
      setBusy(false)
    }
  }

  if (editing) {
    return (
      <ResponseForm id={id} review={review} company={company}
        onSaved={(saved) => {
          setEditing(false)
          onResponse(saved)
        }}
        onCancel={() => {
          setEditing(false)
          requestAnimationFrame(() => openRef.current?.focus())
        }} />
    )
  }
  if (!r) {
    if (!canRespond) return null
    return (
      <div className="review-respond">
        <button ref={openRef} type="button" className="button button-secondary" onClick={() => setEditing(true)}>
          {t('companyReviews.response.respond', { company: company.name })}
        </button>
      </div>
    )
  }
  return (
    <section className="review-response" aria-labelledby={`${id}-title`}>
      <h4 id={`${id}-title`} className="review-response-title">{t('companyReviews.response.title', { company: company.name })}</h4>
      <p className="prewrap">{r.body}</p>
      <p className="muted small">
        {t('companyReviews.response.by')} <Link to={`/in/${r.by.handle}`}>{r.by.name}</Link>
        {' · '}
        {formatDay((r.updatedAt ?? r.createdAt).slice(0, 10), lang)}
        {r.updatedAt && <> · {t('companyReviews.response.edited')}</>}
      </p>
      {canRespond && !confirming && (
        <div className="save-row">
          <button ref={openRef} type="button" className="button button-quiet" onClick={() => setEditing(true)}>
            {t('companyReviews.response.edit')}
          </button>
          <button type="button" className="button button-danger-quiet" onClick={() => setConfirming(true)}>
            {t('companyReviews.response.delete')}
          </button>
        </div>
      )}
      {confirming && (
        <ConfirmBox id={`${id}-delete`} question={t('companyReviews.response.deleteQuestion', { company: company.name })}
          confirmLabel={t('companyReviews.response.deleteConfirm')} busyLabel={t('companyReviews.response.deleting')} busy={busy}
          cancelLabel={t('companyReviews.form.cancel')} onConfirm={() => void remove()}
          onCancel={() => {
            setConfirming(false)
            setError(null)
            requestAnimationFrame(() => openRef.current?.focus())
          }}>
          {error && <p className="alert alert-error" role="alert">{error}</p>}
        </ConfirmBox>
      )}
    </section>
  )
}

/** A representative's answer, new or edited: one public reply in the company's name. */
function ResponseForm({ id, review, company, onSaved, onCancel }: {
  id: string
  review: Review
  company: { slug: string; name: string }
  onSaved: (response: ReviewResponse) => void
  onCancel: () => void
}) {
  const { t } = useTranslation()
  const [body, setBody] = useState(review.response?.body ?? '')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<FormError | null>(null)
  const fieldId = `${id}-body`

  async function onSubmit(e: FormEvent) {
    e.preventDefault()
    if (busy) return
    const text = body.trim()
    const invalid = clientFormError(t, text ? {} : { '/body': t('validation.required') })
    setError(invalid)
    if (invalid) return document.getElementById(fieldId)?.focus()
    setBusy(true)
    try {
      onSaved(await companyReviewsApi.respond(company.slug, review.id, text))
    } catch (err) {
      setError({ message: reviewsError(t, err), fields: {}, extra: [] })
      document.getElementById(fieldId)?.focus()
    } finally {
      setBusy(false)
    }
  }

  return (
    <form className="review-response-form" onSubmit={(e) => void onSubmit(e)} noValidate aria-labelledby={`${id}-form-title`}>
      <h4 id={`${id}-form-title`} className="review-response-title">{t('companyReviews.response.respond', { company: company.name })}</h4>
      <FormAlert error={error} />
      <TextArea id={fieldId} label={t('companyReviews.response.body')} hint={t('companyReviews.response.hint', { company: company.name })}
        value={body} maxLength={COMPANY_REVIEWS.responseLength} rows={4} required autoFocus
        onChange={(e) => setBody(e.target.value)} error={error?.fields['/body']} />
      <div className="save-row">
        <button type="submit" className="button button-primary" aria-disabled={busy}>
          {busy ? t('companyReviews.response.saving') : t('companyReviews.response.save')}
        </button>
        <button type="button" className="button button-secondary" onClick={onCancel}>{t('companyReviews.form.cancel')}</button>
      </div>
    </form>
  )
}
