import type { TFunction } from 'i18next'
import { useRef, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { RATING_KEYS, type CeoOpinion, type CreateReview, type RatingKey, type TitleFamily } from '../../../../shared/src/api/company-reviews.js'
import { COMPANY_REVIEWS } from '../../../../shared/src/api/limits.js'
import { clientFormError, focusFirstInvalid, type FieldErrors, type FormError } from '../../lib/problem.js'
import { TextArea, TextField } from '../Field.js'
import { FormAlert } from '../FormAlert.js'
import type { CompanyRecords } from './company-records.js'
import { textCheckErrors, recordFormError } from './review-format.js'
import { ChoiceInput, ScaleInput } from './Stars.js'
import { TitleFamilySelect } from './TitleFamilySelect.js'

export interface ReviewDraft {
  ratings: Record<RatingKey, number | null>
  recommend: 'yes' | 'no' | null
  ceo: CeoOpinion | null
  headline: string
  pros: string
  cons: string
  advice: string
  employment: 'current' | 'former'
  titleFamily: TitleFamily | ''
}

export function emptyReview(employment: 'current' | 'former'): ReviewDraft {
  return {
    ratings: { overall: null, culture: null, workLife: null, compensation: null, management: null, growth: null },
    recommend: null,
    ceo: null,
    headline: '',
    pros: '',
    cons: '',
    advice: '',
    employment,
    titleFamily: '',
  }
}

/** What a record taken back (or refused) held, back in the form. */
export function reviewDraftFrom(body: Omit<CreateReview, 'token'>): ReviewDraft {
  return {
    ratings: { ...body.ratings },
    recommend: body.recommend ? 'yes' : 'no',
    ceo: body.ceo ?? null,
    headline: body.headline ?? '',
    pros: body.pros,
    cons: body.cons,
    advice: body.advice ?? '',
    employment: body.employment,
    titleFamily: body.titleFamily,
  }
}

/** The same checks as the route's schema (COMPANY_REVIEWS), by JSON pointer. */
function reviewErrors(t: TFunction, d: ReviewDraft): FieldErrors {
  const e: FieldErrors = {}
  for (const k of RATING_KEYS) if (d.ratings[k] === null) e[`/ratings/${k}`] = t('companyReviews.form.ratingRequired')
  if (d.recommend === null) e['/recommend'] = t('companyReviews.form.choiceRequired')
  if (d.headline.length > COMPANY_REVIEWS.headlineLength) e['/headline'] = t('companyReviews.form.tooLong', { max: COMPANY_REVIEWS.headlineLength })
  for (const f of ['pros', 'cons'] as const) {
    if (!d[f].trim()) e[`/${f}`] = t('validation.required')
    else if (d[f].length > COMPANY_REVIEWS.textLength) e[`/${f}`] = t('companyReviews.form.tooLong', { max: COMPANY_REVIEWS.textLength })
  }
  if (d.advice.length > COMPANY_REVIEWS.adviceLength) e['/advice'] = t('companyReviews.form.tooLong', { max: COMPANY_REVIEWS.adviceLength })
  if (!d.titleFamily) e['/titleFamily'] = t('companyReviews.form.choiceRequired')
  textCheckErrors(t, { '/headline': d.headline, '/pros': d.pros, '/cons': d.cons, '/advice': d.advice }, e)
  return e
}

const KNOWN = new Set(['/recommend', '/ceo', '/headline', '/pros', '/cons', '/advice', '/employment', '/titleFamily', ...RATING_KEYS.map((k) => `/ratings/${k}`)])

/**
 * Writing a review (anonymous): six ratings, recommend and CEO opinion, the texts, current or
 * former and the job family. Checked here with the route's limits, then handed to the runtime,
 * which keeps it in this browser's outbox and sends it, paid for with this year's review token,
 * at a moment that has nothing to do with now. `waiting`: that token is still to come.
 */
export function ReviewForm({ company, records, initial, waiting, onPublished, onCancel }: {
  company: { slug: string; name: string }
  records: CompanyRecords
  initial: ReviewDraft
  waiting: boolean
  onPublished: () => void
  onCancel: () => void
}) {
  const { t } = useTranslation()
  const [d, setD] = useState<ReviewDraft>(initial)
  const [error, setError] = useState<FormError | null>(null)
  const [busy, setBusy] = useState(false)
  const formRef = useRef<HTMLFormElement>(null)
  const set = (patch: Partial<ReviewDraft>) => setD((old) => ({ ...old, ...patch }))
  const setRating = (k: RatingKey, v: number) => setD((old) => ({ ...old, ratings: { ...old.ratings, [k]: v } }))
  const fe = error?.fields ?? {}
  const words = [1, 2, 3, 4, 5].map((n) => t(`companyReviews.form.ratingWords.${n as 1 | 2 | 3 | 4 | 5}`)) as [string, string, string, string, string]

  async function onSubmit(e: FormEvent) {
    e.preventDefault()
    if (busy) return
    const invalid = clientFormError(t, reviewErrors(t, d))
    setError(invalid)
    if (invalid) return focusFirstInvalid(formRef.current)
    const body: Omit<CreateReview, 'token'> = {
      ratings: d.ratings as CreateReview['ratings'],
      recommend: d.recommend === 'yes',
      ...(d.ceo && { ceo: d.ceo }),
      ...(d.headline.trim() && { headline: d.headline.trim() }),
      pros: d.pros.trim(),
      cons: d.cons.trim(),
      ...(d.advice.trim() && { advice: d.advice.trim() }),
      employment: d.employment,
      titleFamily: d.titleFamily as TitleFamily,
    }
    setBusy(true)
    try {
      await records.publish({ kind: 'review', company: company.slug, body })
      onPublished()
    } catch (err) {
      setError(recordFormError(t, err, (p) => KNOWN.has(p)))
      focusFirstInvalid(formRef.current)
    } finally {
      setBusy(false)
    }
  }

  return (
    <form ref={formRef} className="record-form" onSubmit={(e) => void onSubmit(e)} noValidate aria-labelledby="review-form-title">
      <h3 id="review-form-title">{t('companyReviews.form.title', { company: company.name })}</h3>
      <p className="hint">{t('companyReviews.form.anonymous')}</p>
      {waiting && <p className="hint">{t('companyReviews.form.waitingNote')}</p>}
      <FormAlert error={error} />
      <div className="rating-grid">
        {RATING_KEYS.map((k) => (
          <ScaleInput key={k} id={`review-rating-${k}`} name={`rating-${k}`} legend={t(`companyReviews.ratings.${k}`)} value={d.ratings[k]}
            onChange={(v) => setRating(k, v)} words={words} error={fe[`/ratings/${k}`]} />
        ))}
      </div>
      <ChoiceInput id="review-recommend" name="recommend" legend={t('companyReviews.form.recommend')} value={d.recommend}
        onChange={(v) => set({ recommend: v })} error={fe['/recommend']}
        options={[{ value: 'yes', label: t('companyReviews.form.yes') }, { value: 'no', label: t('companyReviews.form.no') }]} />
      <ChoiceInput id="review-ceo" name="ceo" legend={t('companyReviews.form.ceo')} value={d.ceo} optional
        onChange={(v) => set({ ceo: v })} error={fe['/ceo']}
        options={[
          { value: 'approve', label: t('companyReviews.ceo.approve') },
          { value: 'disapprove', label: t('companyReviews.ceo.disapprove') },
          { value: 'no_opinion', label: t('companyReviews.ceo.no_opinion') },
        ]} />
      <TextField id="review-headline" label={t('companyReviews.form.headline')} optional value={d.headline} maxLength={COMPANY_REVIEWS.headlineLength}
        onChange={(e) => set({ headline: e.target.value })} error={fe['/headline']} />
      <TextArea id="review-pros" label={t('companyReviews.review.pros')} value={d.pros} maxLength={COMPANY_REVIEWS.textLength} rows={4} required
        onChange={(e) => set({ pros: e.target.value })} error={fe['/pros']} />
      <TextArea id="review-cons" label={t('companyReviews.review.cons')} value={d.cons} maxLength={COMPANY_REVIEWS.textLength} rows={4} required
        onChange={(e) => set({ cons: e.target.value })} error={fe['/cons']} />
      <TextArea id="review-advice" label={t('companyReviews.review.advice')} optional value={d.advice} maxLength={COMPANY_REVIEWS.adviceLength} rows={3}
        onChange={(e) => set({ advice: e.target.value })} error={fe['/advice']} />
      <ChoiceInput id="review-employment" name="employment" legend={t('companyReviews.form.employment')} value={d.employment}
        onChange={(v) => set({ employment: v })} error={fe['/employment']}
        options={[{ value: 'current', label: t('companyReviews.employment.current') }, { value: 'former', label: t('companyReviews.employment.former') }]} />
      <TitleFamilySelect id="review-titleFamily" value={d.titleFamily} onChange={(v) => set({ titleFamily: v })} error={fe['/titleFamily']} />
      <div className="save-row">
        <button type="submit" className="button button-primary" aria-disabled={busy}>
          {busy ? t('companyReviews.form.sending') : t('companyReviews.form.submit')}
        </button>
        <button type="button" className="button button-secondary" onClick={onCancel}>{t('companyReviews.form.cancel')}</button>
      </div>
    </form>
  )
}
