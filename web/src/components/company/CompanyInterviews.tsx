import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Interview, InterviewPage } from '../../../../shared/src/api/company-reviews.js'
import type { Company } from '../../../../shared/src/api/index.js'
import { companyReviewsApi } from '../../api/company-reviews.js'
import { formatLongMonth } from '../../lib/dates.js'
import { RetryAlert } from '../LoadFailed.js'
import { Loading } from '../Loading.js'
import { ReportDialog } from '../moderation/ReportDialog.js'
import { useCompanyRecords } from './company-records.js'
import { ModeratedRecord } from './ModeratedRecord.js'
import { EMPTY_INTERVIEW, InterviewForm, interviewDraftFrom, type InterviewDraft } from './InterviewForm.js'
import { RecordGate } from './RecordGate.js'
import { RecordStatus } from './RecordStatus.js'
import { formatAverage, formatCount, formatPercent, reviewsError } from './review-format.js'

/** The Interviews tab: the summary, the viewer's own report (write it, or where it stands), and the reports page by page. */
export function CompanyInterviews({ company }: { company: Company }) {
  const { t, i18n } = useTranslation()
  const lang = i18n.resolvedLanguage ?? 'en'
  const records = useCompanyRecords(company.slug)
  const [page, setPage] = useState<InterviewPage | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [attempt, setAttempt] = useState(0)
  const [more, setMore] = useState(false)
  // The form, open with these values (empty, or a refused or taken-back report's).
  const [writing, setWriting] = useState<InterviewDraft | null>(null)
  const openRef = useRef<HTMLButtonElement>(null)
  const slug = company.slug

  const quiet = records.quiet
  useEffect(() => {
    // Not with the session right after this browser wrote about the company (company-records.ts).
    if (quiet) return
    let live = true
    companyReviewsApi.interviews(slug).then(
      (p) => {
        if (!live) return
        setPage(p)
        setError(null)
      },
      (err: unknown) => live && setError(reviewsError(t, err)),
    )
    return () => {
      live = false
    }
  }, [slug, attempt, t, quiet])

  // A report of this browser just stored: read the list again, so it shows.
  const stored = records.records.filter((r) => r.kind === 'interview' && r.state === 'stored').length
  const seenStored = useRef(stored)
  useEffect(() => {
    if (stored > seenStored.current) setAttempt((a) => a + 1)
    seenStored.current = stored
  }, [stored])

  async function loadMore() {
    if (!page?.nextCursor || more) return
    setMore(true)
    try {
      const next = await companyReviewsApi.interviews(slug, page.nextCursor)
      setPage({ ...next, interviews: [...page.interviews, ...next.interviews.filter((r) => !page.interviews.some((o) => o.id === r.id))] })
      setError(null)
    } catch (err) {
      setError(reviewsError(t, err))
    } finally {
      setMore(false)
    }
  }

  if (!page && error) return <RetryAlert message={error} onRetry={() => setAttempt((a) => a + 1)} />
  if (!page && !quiet) return <Loading />

  // In a quiet period nothing was read yet: the form still works, the list waits.
  const s = page?.summary ?? { count: 0, averageDifficulty: null, offerPercent: null, positivePercent: null }
  const ref = { slug, name: company.name }
  const refused = records.records.find((r) => r.kind === 'interview' && r.state === 'failed')
  const refusedDraft = refused?.record.kind === 'interview' ? interviewDraftFrom(refused.record.body) : null
  const stats: { key: string; value: string; label: string }[] = [
    { key: 'count', value: formatCount(s.count, lang), label: t('companyReviews.interviews.count', { count: s.count }) },
    ...(s.averageDifficulty !== null ? [{ key: 'difficulty', value: `${formatAverage(s.averageDifficulty, lang)}/5`, label: t('companyReviews.interviews.averageDifficulty') }] : []),
    ...(s.offerPercent !== null ? [{ key: 'offer', value: formatPercent(s.offerPercent, lang), label: t('companyReviews.interviews.offerPercent') }] : []),
    ...(s.positivePercent !== null ? [{ key: 'positive', value: formatPercent(s.positivePercent, lang), label: t('companyReviews.interviews.positivePercent') }] : []),
  ]
  return (
    <div className="company-interviews">
      <section className="card" aria-labelledby="my-interview-title">
        <h2 id="my-interview-title" tabIndex={-1}>{t('companyReviews.interviews.mine')}</h2>
        <RecordStatus kind="interview" records={records} onTakeBack={(item) => item.record.kind === 'interview' && setWriting(interviewDraftFrom(item.record.body))} />
        <RecordGate kind="interview" company={ref} records={records} contributions={null} employee>
          {(waiting) =>
            writing ? (
              <InterviewForm company={ref} records={records} waiting={waiting} initial={writing}
                onPublished={() => {
                  if (refused) void records.dismiss(refused.id)
                  setWriting(null)
                  requestAnimationFrame(() => document.getElementById('my-interview-title')?.focus())
                }}
                onCancel={() => {
                  setWriting(null)
                  requestAnimationFrame(() => openRef.current?.focus())
                }} />
            ) : (
              <button ref={openRef} type="button" className="button button-primary" onClick={() => setWriting(refusedDraft ?? EMPTY_INTERVIEW)}>
                {refusedDraft ? t('companyReviews.interviews.again') : t('companyReviews.interviews.add')}
              </button>
            )
          }
        </RecordGate>
      </section>
      <section className="card" aria-labelledby="interviews-title">
        <h2 id="interviews-title">{t('companyReviews.interviews.title', { company: company.name })}</h2>
        {s.count > 0 && (
          <dl className="stat-tiles">
            {stats.map((x) => (
              <div key={x.key} className="stat-tile">
                <dt>{x.label}</dt>
                <dd>{x.value}</dd>
              </div>
            ))}
          </dl>
        )}
        {error && <RetryAlert message={error} onRetry={() => setAttempt((a) => a + 1)} />}
        {!page ? (
          <p className="muted">{t('companyReviews.quiet')}</p>
        ) : page.interviews.length === 0 ? (
          <p className="muted">{t('companyReviews.interviews.none', { company: company.name })}</p>
        ) : (
          <ul className="review-list">
            {page.interviews.map((r) => (
              <li key={r.id}>
                <InterviewCard interview={r} />
              </li>
            ))}
          </ul>
        )}
        {page?.nextCursor && (
          <button type="button" className="button button-secondary list-more" aria-disabled={more} onClick={() => void loadMore()}>
            {more ? t('a11y.loading') : t('companyReviews.interviews.more')}
          </button>
        )}
      </section>
    </div>
  )
}

function InterviewCard({ interview: r }: { interview: Interview }) {
  const { t, i18n } = useTranslation()
  const lang = i18n.resolvedLanguage ?? 'en'
  const titleId = `interview-${r.id}-title`
  if (r.moderation) return <ModeratedRecord id={`interview-${r.id}`} heading={t('companyReviews.interviews.moderated')} meta={formatLongMonth(r.postedOn, lang)} moderation={r.moderation} />
  return (
    <article id={`interview-${r.id}`} className="review-card" aria-labelledby={titleId}>
      <header className="review-card-head">
        <h3 id={titleId} className="review-headline">{r.position}</h3>
        <p className="muted small review-meta">{formatLongMonth(r.postedOn, lang)}</p>
        <ul className="review-flags">
          <li className={`flag flag-outcome-${r.outcome}`}>{t(`companyReviews.interviews.outcomes.${r.outcome}`)}</li>
          <li className={`flag flag-${r.experience}`}>{t(`companyReviews.interviews.experienceFlag.${r.experience}`)}</li>
          <li className="flag">{t('companyReviews.interviews.difficultyFlag', { value: r.difficulty })}</li>
        </ul>
      </header>
      <dl className="review-texts">
        <dt>{t('companyReviews.interviews.body')}</dt>
        <dd className="prewrap">{r.body}</dd>
        {r.questions && (
          <>
            <dt>{t('companyReviews.interviews.questions')}</dt>
            <dd className="prewrap">{r.questions}</dd>
          </>
        )}
      </dl>
      <div className="review-actions">
        <ReportDialog targetType="interview" targetId={r.id} what={t('companyReviews.interviews.reportWhat', { position: r.position })} />
      </div>
    </article>
  )
}
