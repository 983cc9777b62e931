import type { Generated } from 'kysely'
import type { DayColumn } from './account.js'

/** "This account works (or worked) at this company", as verified on a day. */
export interface EmploymentTable {
  id: Generated<string>
  accountId: string
  companyId: string
  method: 'email' | 'badge'
  verifiedOn: DayColumn
  expiresOn: DayColumn
  endedOn: DayColumn | null
  workEmailHmac: Buffer | null
  showOnProfile: Generated<boolean>
  reminderSent: Generated<boolean>
  /** Opted in to referral requests for this company's jobs (real-name, as messages). */
  acceptsReferrals: Generated<boolean>
}

/** A work address's last verification (HMAC only): one mailbox verifies one account a year. */
export interface WorkEmailClaimTable {
  emailHmac: Buffer
  /** Null once that account is deleted: the claim still counts until its year is over. */
  accountId: string | null
  claimedOn: DayColumn
}

export type PartialDB = { employment: EmploymentTable; workEmailClaim: WorkEmailClaimTable }
