import { useCallback, useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { TITLE_FAMILIES, type ReviewPage, type ReviewQuery, type TitleFamily } from '../../../../shared/src/api/company-reviews.js'
import type { Company } from '../../../../shared/src/api/index.js'
import { companyReviewsApi } from '../../api/company-reviews.js'
import { useSession } from '../../session/session-context.js'
import { SelectField } from '../Field.js'
import { RetryAlert } from '../LoadFailed.js'
import { Loading } from '../Loading.js'
import { QUIET_CONTRIBUTIONS, useCompanyRecords } from './company-records.js'
import { RecordGate } from './RecordGate.js'
import { RecordStatus } from './RecordStatus.js'
import { ReviewCard } from './ReviewCard.js'
import { emptyReview, ReviewForm, reviewDraftFrom, type ReviewDraft } from './ReviewForm.js'
import { ReviewSummary } from './ReviewSummary.js'
import { employmentAt, reviewsError } from './review-format.js'

type Sort = NonNullable<ReviewQuery['sort']>
const SORTS: readonly Sort[] = ['recent', 'helpful', 'highest', 'lowest']
interface Filters {
  sort: Sort
  employment: '' | 'current' | 'former'
  titleFamily: '' | TitleFamily
  rating: '' | '1' | '2' | '3' | '4' | '5'
}
const NO_FILTERS: Filters = { sort: 'recent', employment: '', titleFamily: '', rating: '' }

function toQuery(f: Filters, cursor?: string | null): ReviewQuery {
  return {
    sort: f.sort,
    ...(f.employment && { employment: f.employment }),
    ...(f.titleFamily && { titleFamily: f.titleFamily }),
    ...(f.rating && { rating: Number(f.rating) }),
    ...(cursor && { cursor }),
  }
}

/**
 * The Reviews tab: why the company takes no reviews yet (if so), the viewer's own review (write
 * it, or where it stands), the summary, and the reviews — filtered, sorted and read page by page.
 */
export function CompanyReviews({ company }: { company: Company }) {
  const { t } = useTranslation()
  const { me } = useSession()
  const records = useCompanyRecords(company.slug)
  const employment = employmentAt(me, company.slug)
  const [filters, setFilters] = useState<Filters>(NO_FILTERS)
  const [page, setPage] = useState<ReviewPage | null>(null)
  const [loading, setLoading] = useState(true)
  const [more, setMore] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [attempt, setAttempt] = useState(0)
  // The form, open with these values (empty, or a refused or taken-back review's).
  const [writing, setWriting] = useState<ReviewDraft | null>(null)
  const writeRef = useRef<HTMLButtonElement>(null)
  const slug = company.slug

  const load = useCallback(() => companyReviewsApi.reviews(slug, toQuery(filters)), [slug, filters])
  const quiet = records.quiet
  useEffect(() => {
    // Not with the session right after this browser wrote about the company: read when the quiet ends.
    if (quiet) return
    let live = true
    setLoading(true)
    load().then(
      (p) => {
        if (!live) return
        setPage(p)
        setError(null)
        setLoading(false)
      },
      (err: unknown) => {
        if (!live) return
        setError(reviewsError(t, err))
        setLoading(false)
      },
    )
    return () => {
      live = false
    }
  }, [load, attempt, t, quiet])

  // A review of this browser just stored: read the list again, so it shows.
  const stored = records.records.filter((r) => r.kind === 'review' && r.state === 'stored').length
  const seenStored = useRef(stored)
  useEffect(() => {
    if (stored > seenStored.current) setAttempt((a) => a + 1)
    seenStored.current = stored
  }, [stored])

  async function loadMore() {
    if (!page?.nextCursor || more) return
    setMore(true)
    try {
      const next = await companyReviewsApi.reviews(slug, toQuery(filters, page.nextCursor))
      setPage({ ...next, reviews: [...page.reviews, ...next.reviews.filter((r) => !page.reviews.some((o) => o.id === r.id))] })
      setError(null)
    } catch (err) {
      setError(reviewsError(t, err))
    } finally {
      setMore(false)
    }
  }

  const setFilter = <K extends keyof Filters>(k: K, v: Filters[K]) => setFilters((f) => ({ ...f, [k]: v }))

  if (!page && loading && !quiet) return <Loading />
  if (!page && !quiet) return <RetryAlert message={error ?? t('errors.generic')} onRetry={() => setAttempt((a) => a + 1)} />

  // In a quiet period nothing was read yet: the form still works (the runtime's allowance decides), the list waits.
  const c = page?.contributions ?? QUIET_CONTRIBUTIONS
  const refused = records.records.find((r) => r.kind === 'review' && r.state === 'failed')
  const refusedDraft = refused?.record.kind === 'review' ? reviewDraftFrom(refused.record.body) : null
  const ref = { slug, name: company.name }
  const filtered = filters.employment || filters.titleFamily || filters.rating
  return (
    <div className="company-reviews">
      {!c.open && (
        <div className="card notice" role="note">
          <p>{t('companyReviews.closed', { company: company.name, min: c.minMembers })}</p>
          <p className="small">{t('companyReviews.closedWhy', { count: c.members })}</p>
        </div>
      )}
      {(c.open || records.records.some((r) => r.kind === 'review')) && (
        <section className="card" aria-labelledby="my-review-title">
          <h2 id="my-review-title" tabIndex={-1}>{t('companyReviews.write.title')}</h2>
          <RecordStatus kind="review" records={records} onTakeBack={(item) => item.record.kind === 'review' && setWriting(reviewDraftFrom(item.record.body))} />
          <RecordGate kind="review" company={ref} records={records} contributions={c} employee={employment !== null}>
            {(waiting) =>
              writing ? (
                <ReviewForm company={ref} records={records} waiting={waiting} initial={writing}
                  onPublished={() => {
                    if (refused) void records.dismiss(refused.id)
                    setWriting(null)
                    requestAnimationFrame(() => document.getElementById('my-review-title')?.focus())
                  }}
                  onCancel={() => {
                    setWriting(null)
                    requestAnimationFrame(() => writeRef.current?.focus())
                  }} />
              ) : (
                <button ref={writeRef} type="button" className="button button-primary" onClick={() => setWriting(refusedDraft ?? emptyReview(employment ?? 'current'))}>
                  {refusedDraft ? t('companyReviews.write.again') : t('companyReviews.write.open')}
                </button>
              )
            }
          </RecordGate>
        </section>
      )}
      {page && page.summary.count > 0 && <ReviewSummary summary={page.summary} />}
      <section className="card" aria-labelledby="reviews-title" aria-busy={loading}>
        <h2 id="reviews-title">{t('companyReviews.list.title')}</h2>
        <div className="review-filters" role="group" aria-label={t('companyReviews.filters.label')}>
          <SelectField id="reviews-sort" label={t('companyReviews.filters.sort')} value={filters.sort} onChange={(e) => setFilter('sort', e.target.value as Sort)}>
            {SORTS.map((s) => (
              <option key={s} value={s}>{t(`companyReviews.filters.sorts.${s}`)}</option>
            ))}
          </SelectField>
          <SelectField id="reviews-employment" label={t('companyReviews.filters.employment')} value={filters.employment}
            onChange={(e) => setFilter('employment', e.target.value as Filters['employment'])}>
            <option value="">{t('companyReviews.filters.all')}</option>
            <option value="current">{t('companyReviews.employment.current')}</option>
            <option value="former">{t('companyReviews.employment.former')}</option>
          </SelectField>
          <SelectField id="reviews-family" label={t('companyReviews.filters.titleFamily')} value={filters.titleFamily}
            onChange={(e) => setFilter('titleFamily', e.target.value as Filters['titleFamily'])}>
            <option value="">{t('companyReviews.filters.all')}</option>
            {TITLE_FAMILIES.map((f) => (
              <option key={f} value={f}>{t(`companyReviews.titleFamilies.${f}`)}</option>
            ))}
          </SelectField>
          <SelectField id="reviews-rating" label={t('companyReviews.filters.rating')} value={filters.rating}
            onChange={(e) => setFilter('rating', e.target.value as Filters['rating'])}>
            <option value="">{t('companyReviews.filters.all')}</option>
            {(['5', '4', '3', '2', '1'] as const).map((r) => (
              <option key={r} value={r}>{t('companyReviews.filters.stars', { count: Number(r) })}</option>
            ))}
          </SelectField>
        </div>
        {filtered && (
          <p className="small">
            <button type="button" className="link-button" onClick={() => setFilters({ ...NO_FILTERS, sort: filters.sort })}>
              {t('companyReviews.filters.clear')}
            </button>
          </p>
        )}
        {error && <RetryAlert message={error} onRetry={() => setAttempt((a) => a + 1)} />}
        {!page ? (
          <p className="muted">{t('companyReviews.quiet')}</p>
        ) : page.reviews.length === 0 ? (
          <p className="muted">{filtered ? t('companyReviews.list.noneFiltered') : t('companyReviews.list.none', { company: company.name })}</p>
        ) : (
          <ul className="review-list">
            {page.reviews.map((r) => (
              <li key={r.id}>
                <ReviewCard review={r} company={ref} records={records} canRespond={page.canRespond}
                  onResponse={(response) => setPage((p) => p && { ...p, reviews: p.reviews.map((x) => (x.id === r.id ? { ...x, response } : x)) })} />
              </li>
            ))}
          </ul>
        )}
        {page?.nextCursor && (
          <button type="button" className="button button-secondary list-more" aria-disabled={more} onClick={() => void loadMore()}>
            {more ? t('a11y.loading') : t('companyReviews.list.more')}
          </button>
        )}
      </section>
    </div>
  )
}
