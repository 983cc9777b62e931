import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { SalaryCells } from '../../../../shared/src/api/company-reviews.js'
import type { Company } from '../../../../shared/src/api/index.js'
import { companyReviewsApi } from '../../api/company-reviews.js'
import { useSession } from '../../session/session-context.js'
import { RetryAlert } from '../LoadFailed.js'
import { Loading } from '../Loading.js'
import { QUIET_CONTRIBUTIONS, useCompanyRecords } from './company-records.js'
import { RecordGate } from './RecordGate.js'
import { RecordStatus } from './RecordStatus.js'
import { emptySalary, SalaryForm, salaryDraftFrom, type SalaryDraft } from './SalaryForm.js'
import { SalaryTable } from './SalaryTable.js'
import { employmentAt, reviewsError } from './review-format.js'

/**
 * The Salaries tab: the figures per job family, location and currency (recomputed once a day, a
 * cell only from SALARIES.minReports reports), and the viewer's own report — add it, or where it stands.
 */
export function CompanySalaries({ company }: { company: Company }) {
  const { t, i18n } = useTranslation()
  const lang = i18n.resolvedLanguage ?? 'en'
  const { me } = useSession()
  const records = useCompanyRecords(company.slug)
  const employee = employmentAt(me, company.slug) !== null
  const [data, setData] = useState<SalaryCells | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [attempt, setAttempt] = useState(0)
  // The form, open with these values (empty, or a refused or taken-back report's).
  const [writing, setWriting] = useState<SalaryDraft | null>(null)
  const openRef = useRef<HTMLButtonElement>(null)

  const quiet = records.quiet
  useEffect(() => {
    // Not with the session right after this browser wrote about the company (company-records.ts).
    if (quiet) return
    let live = true
    companyReviewsApi.salaries(company.slug).then(
      (d) => {
        if (!live) return
        setData(d)
        setError(null)
      },
      (err: unknown) => live && setError(reviewsError(t, err)),
    )
    return () => {
      live = false
    }
  }, [company.slug, attempt, t, quiet])

  if (!data && error) return <RetryAlert message={error} onRetry={() => setAttempt((a) => a + 1)} />
  if (!data && !quiet) return <Loading />

  // In a quiet period nothing was read yet: the form still works (the runtime's allowance decides), the table waits.
  const c = data?.contributions ?? QUIET_CONTRIBUTIONS
  const ref = { slug: company.slug, name: company.name }
  const refused = records.records.find((r) => r.kind === 'salary' && r.state === 'failed')
  const refusedDraft = refused?.record.kind === 'salary' ? salaryDraftFrom(refused.record.body) : null
  return (
    <div className="company-salaries">
      {!c.open && (
        <div className="card notice" role="note">
          <p>{t('companyReviews.salaries.closed', { company: company.name, min: c.minMembers })}</p>
          <p className="small">{t('companyReviews.closedWhy', { count: c.members })}</p>
        </div>
      )}
      {(c.open || records.records.some((r) => r.kind === 'salary')) && (
        <section className="card" aria-labelledby="my-salary-title">
          <h2 id="my-salary-title" tabIndex={-1}>{t('companyReviews.salaries.mine')}</h2>
          <RecordStatus kind="salary" records={records} onTakeBack={(item) => item.record.kind === 'salary' && setWriting(salaryDraftFrom(item.record.body))} />
          <RecordGate kind="salary" company={ref} records={records} contributions={c} employee={employee}>
            {(waiting) =>
              writing ? (
                <SalaryForm company={ref} locations={company.locations} records={records} waiting={waiting} initial={writing}
                  onPublished={() => {
                    if (refused) void records.dismiss(refused.id)
                    setWriting(null)
                    requestAnimationFrame(() => document.getElementById('my-salary-title')?.focus())
                  }}
                  onCancel={() => {
                    setWriting(null)
                    requestAnimationFrame(() => openRef.current?.focus())
                  }} />
              ) : (
                <button ref={openRef} type="button" className="button button-primary" onClick={() => setWriting(refusedDraft ?? emptySalary(lang))}>
                  {refusedDraft ? t('companyReviews.salaries.again') : t('companyReviews.salaries.add')}
                </button>
              )
            }
          </RecordGate>
        </section>
      )}
      <section className="card" aria-labelledby="salaries-title">
        <h2 id="salaries-title">{t('companyReviews.salaries.title', { company: company.name })}</h2>
        {error && <RetryAlert message={error} onRetry={() => setAttempt((a) => a + 1)} />}
        {data ? <SalaryTable data={data} /> : <p className="muted">{t('companyReviews.quiet')}</p>}
      </section>
    </div>
  )
}
