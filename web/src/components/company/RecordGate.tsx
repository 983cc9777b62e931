import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router-dom'
import type { Contributions } from '../../../../shared/src/api/company-reviews.js'
import type { RecordKind } from '../../talk/records.js'
import type { CompanyRecords } from './company-records.js'

/**
 * What this browser's tokens say about writing one kind of record for this company, and so what
 * the write area shows: the form (`children`, told whether the token is still to come), or why
 * not. Reviews and salary reports take the company's yearly key (current and former employees,
 * once the company has enough verified members); interview reports the null key (any verified member).
 */
export function RecordGate({ kind, company, records, contributions, employee, children }: {
  kind: RecordKind
  company: { slug: string; name: string }
  records: CompanyRecords
  /** Reviews and salaries: whether the company takes them. Interviews: null. */
  contributions: Contributions | null
  /** Works or worked there (by the member's verifications). */
  employee: boolean
  children: (waiting: boolean) => ReactNode
}) {
  const { t } = useTranslation()
  const note = (text: ReactNode, extra?: ReactNode) => (
    <div className="notice record-gate">
      <p>{text}</p>
      {extra}
    </div>
  )
  const companyKey = kind !== 'interview'

  // The tab already says why a company below the threshold takes nothing yet.
  if (contributions && !contributions.open) return null
  if (records.status === 'unverified') {
    return note(t(companyKey ? 'companyReviews.gate.verifyEmployee' : 'companyReviews.gate.verifyMember', { company: company.name }),
      <Link to="/verify" className="button button-secondary">{t('companyReviews.gate.verify')}</Link>)
  }
  if (companyKey && !employee) return note(t(`companyReviews.gate.${kind}.notEmployee`, { company: company.name }))
  if (records.status === 'starting') return note(t('companyReviews.gate.starting'))
  if (records.status === 'failed') return note(t('companyReviews.gate.failed'))
  if (records.paused) return note(t('companyReviews.gate.paused'))

  // One record of a kind about a company a year: one on its way (or just stored) is this year's, and the status says where it is.
  if (records.records.some((r) => r.kind === kind && r.state !== 'failed')) return null
  const allowance = records.allowance(kind)
  switch (allowance) {
    case 'ready':
      return <>{children(false)}</>
    case 'waiting':
      return (
        <>
          <p className="hint record-waiting">{t(`companyReviews.gate.${kind}.waiting`)}</p>
          {children(true)}
        </>
      )
    case 'used':
      return note(t(`companyReviews.gate.${kind}.used`, { company: company.name }))
    default:
      if (contributions && contributions.members < contributions.minMembers) {
        return note(t('companyReviews.closed', { company: company.name, min: contributions.minMembers }))
      }
      return note(t(`companyReviews.gate.${kind}.none`, { company: company.name }))
  }
}
