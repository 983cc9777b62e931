import type { ColumnType, Generated } from 'kysely'
import type { DayColumn } from './account.js'

type BigIntColumn = ColumnType<string, number, number>

/** A job a representative posted for its company (issue 10). */
export interface JobTable {
  id: Generated<string>
  companyId: string
  postedBy: string | null
  title: string
  location: string
  workplace: 'remote' | 'hybrid' | 'onsite'
  salaryMin: BigIntColumn | null
  salaryMax: BigIntColumn | null
  currency: string | null
  description: string
  postedOn: DayColumn
  closesOn: DayColumn
  closed: Generated<boolean>
  /** Title (A), location and company name (B) and description (B): shared/src/search/documents.ts jobDocument. */
  doc: string
  createdAt: Date
  updatedAt: Date
  /** Set by a moderator (issue 11): hidden or removed, with its reason shown in its place. */
  moderation: ColumnType<'hidden' | 'removed' | null, 'hidden' | 'removed' | null | undefined, 'hidden' | 'removed' | null>
  moderationReason: ColumnType<string | null, string | null | undefined, string | null>
}

export interface JobApplicationTable {
  id: Generated<string>
  jobId: string
  applicantId: string
  note: Generated<string>
  status: Generated<'new' | 'reviewing' | 'interview' | 'offer' | 'rejected' | 'withdrawn'>
  createdAt: Date
  updatedAt: Date
}

/** A résumé, sealed (AES-256-GCM, additional data: the application's id). */
export interface JobResumeTable {
  applicationId: string
  ciphertext: Buffer
  bytes: number
}

export interface SavedJobTable {
  accountId: string
  jobId: string
  savedAt: Date
}

export interface JobAlertTable {
  id: Generated<string>
  accountId: string
  q: Generated<string>
  location: Generated<string>
  workplace: 'remote' | 'hybrid' | 'onsite' | null
  salaryMin: BigIntColumn | null
  currency: string | null
  mail: Generated<boolean>
  createdAt: Date
  /** Jobs posted after this were not looked at yet. */
  lastCheckedAt: Date
}

export interface ReferralRequestTable {
  jobId: string
  applicantId: string
  referrerId: string
  createdAt: Date
}

export type PartialDB = {
  job: JobTable
  jobApplication: JobApplicationTable
  jobResume: JobResumeTable
  savedJob: SavedJobTable
  jobAlert: JobAlertTable
  referralRequest: ReferralRequestTable
}
