import { useRef, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { CreateInterview } from '../../../../shared/src/api/company-reviews.js'
import { INTERVIEWS } from '../../../../shared/src/api/limits.js'
import { clientFormError, focusFirstInvalid, type FieldErrors, type FormError } from '../../lib/problem.js'
import { SelectField, TextArea, TextField } from '../Field.js'
import { FormAlert } from '../FormAlert.js'
import type { CompanyRecords } from './company-records.js'
import { textCheckErrors, recordFormError } from './review-format.js'
import { ChoiceInput, ScaleInput } from './Stars.js'

export type Outcome = CreateInterview['outcome']
export type Experience = CreateInterview['experience']
export const OUTCOMES: readonly Outcome[] = ['offer', 'declined_offer', 'no_offer', 'pending']
export const EXPERIENCES: readonly Experience[] = ['positive', 'neutral', 'negative']

export interface InterviewDraft {
  position: string
  outcome: Outcome | ''
  difficulty: number | null
  experience: Experience | null
  body: string
  questions: string
}
export const EMPTY_INTERVIEW: InterviewDraft = { position: '', outcome: '', difficulty: null, experience: null, body: '', questions: '' }

/** What a record taken back (or refused) held, back in the form. */
export function interviewDraftFrom(body: Omit<CreateInterview, 'token'>): InterviewDraft {
  return { position: body.position, outcome: body.outcome, difficulty: body.difficulty, experience: body.experience, body: body.body, questions: body.questions ?? '' }
}

const KNOWN = new Set(['/position', '/outcome', '/difficulty', '/experience', '/body', '/questions'])

/**
 * An interview report (anonymous): the position, how it ended, how hard and how pleasant it was,
 * what happened and the questions asked. Any verified member may write one: it is paid for with
 * a token of the null `interview` key, which says nothing about where the writer works.
 */
export function InterviewForm({ company, records, initial, waiting, onPublished, onCancel }: {
  company: { slug: string; name: string }
  records: CompanyRecords
  initial: InterviewDraft
  waiting: boolean
  onPublished: () => void
  onCancel: () => void
}) {
  const { t } = useTranslation()
  const [d, setD] = useState<InterviewDraft>(initial)
  const [error, setError] = useState<FormError | null>(null)
  const [busy, setBusy] = useState(false)
  const formRef = useRef<HTMLFormElement>(null)
  const set = (patch: Partial<InterviewDraft>) => setD((old) => ({ ...old, ...patch }))
  const fe = error?.fields ?? {}
  const words = [1, 2, 3, 4, 5].map((n) => t(`companyReviews.interviews.difficultyWords.${n as 1 | 2 | 3 | 4 | 5}`)) as [string, string, string, string, string]

  function errors(): FieldErrors {
    const e: FieldErrors = {}
    if (!d.position.trim()) e['/position'] = t('validation.required')
    else if (d.position.length > INTERVIEWS.positionLength) e['/position'] = t('companyReviews.form.tooLong', { max: INTERVIEWS.positionLength })
    if (!d.outcome) e['/outcome'] = t('companyReviews.form.choiceRequired')
    if (d.difficulty === null) e['/difficulty'] = t('companyReviews.form.choiceRequired')
    if (d.experience === null) e['/experience'] = t('companyReviews.form.choiceRequired')
    if (!d.body.trim()) e['/body'] = t('validation.required')
    else if (d.body.length > INTERVIEWS.experienceLength) e['/body'] = t('companyReviews.form.tooLong', { max: INTERVIEWS.experienceLength })
    if (d.questions.length > INTERVIEWS.questionsLength) e['/questions'] = t('companyReviews.form.tooLong', { max: INTERVIEWS.questionsLength })
    textCheckErrors(t, { '/position': d.position, '/body': d.body, '/questions': d.questions }, e)
    return e
  }

  async function onSubmit(e: FormEvent) {
    e.preventDefault()
    if (busy) return
    const invalid = clientFormError(t, errors())
    setError(invalid)
    if (invalid) return focusFirstInvalid(formRef.current)
    const body: Omit<CreateInterview, 'token'> = {
      position: d.position.trim(),
      outcome: d.outcome as Outcome,
      difficulty: d.difficulty!,
      experience: d.experience!,
      body: d.body.trim(),
      ...(d.questions.trim() && { questions: d.questions.trim() }),
    }
    setBusy(true)
    try {
      await records.publish({ kind: 'interview', company: company.slug, body })
      onPublished()
    } catch (err) {
      setError(recordFormError(t, err, (p) => KNOWN.has(p)))
      focusFirstInvalid(formRef.current)
    } finally {
      setBusy(false)
    }
  }

  return (
    <form ref={formRef} className="record-form" onSubmit={(e) => void onSubmit(e)} noValidate aria-labelledby="interview-form-title">
      <h3 id="interview-form-title">{t('companyReviews.interviews.formTitle', { company: company.name })}</h3>
      <p className="hint">{t('companyReviews.interviews.anonymous')}</p>
      {waiting && <p className="hint">{t('companyReviews.form.waitingNote')}</p>}
      <FormAlert error={error} />
      <TextField id="interview-position" label={t('companyReviews.interviews.position')} value={d.position} maxLength={INTERVIEWS.positionLength} required
        hint={t('companyReviews.interviews.positionHint')} onChange={(e) => set({ position: e.target.value })} error={fe['/position']} />
      <SelectField id="interview-outcome" label={t('companyReviews.interviews.outcome')} value={d.outcome}
        onChange={(e) => set({ outcome: e.target.value as Outcome | '' })} error={fe['/outcome']}>
        <option value="">{t('companyReviews.form.choose')}</option>
        {OUTCOMES.map((o) => (
          <option key={o} value={o}>{t(`companyReviews.interviews.outcomes.${o}`)}</option>
        ))}
      </SelectField>
      <ScaleInput id="interview-difficulty" name="difficulty" legend={t('companyReviews.interviews.difficulty')} value={d.difficulty} symbol="dot"
        words={words} onChange={(v) => set({ difficulty: v })} error={fe['/difficulty']} />
      <ChoiceInput id="interview-experience" name="experience" legend={t('companyReviews.interviews.experience')} value={d.experience}
        onChange={(v) => set({ experience: v })} error={fe['/experience']}
        options={EXPERIENCES.map((x) => ({ value: x, label: t(`companyReviews.interviews.experiences.${x}`) }))} />
      <TextArea id="interview-body" label={t('companyReviews.interviews.body')} value={d.body} maxLength={INTERVIEWS.experienceLength} rows={5} required
        onChange={(e) => set({ body: e.target.value })} error={fe['/body']} />
      <TextArea id="interview-questions" label={t('companyReviews.interviews.questions')} optional value={d.questions} maxLength={INTERVIEWS.questionsLength} rows={3}
        hint={t('companyReviews.interviews.questionsHint')} onChange={(e) => set({ questions: e.target.value })} error={fe['/questions']} />
      <div className="save-row">
        <button type="submit" className="button button-primary" aria-disabled={busy}>
          {busy ? t('companyReviews.form.sending') : t('companyReviews.interviews.submit')}
        </button>
        <button type="button" className="button button-secondary" onClick={onCancel}>{t('companyReviews.form.cancel')}</button>
      </div>
    </form>
  )
}
