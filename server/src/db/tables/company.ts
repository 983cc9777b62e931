import type { ColumnType, Generated } from 'kysely'
import type { DayColumn } from './account.js'

export interface CompanyTable {
  id: Generated<string>
  slug: string
  name: string
  domains: ColumnType<string[], string[] | undefined, string[]>
  industry: Generated<string>
  sizeBand: Generated<string>
  description: Generated<string>
  createdOn: DayColumn
  logo: Buffer | null
  /** "https://…" or "". */
  website: Generated<string>
  locations: ColumnType<string[], string[] | undefined, string[]>
  /** Made for a new e-mail domain whose name matches this company: waits for an admin (merge, or not the same). */
  possibleDuplicateOf: ColumnType<string | null, string | null | undefined, string | null>
}

/** Two companies an admin said are not the same (a_id < b_id): never listed as likely duplicates again. */
export interface CompanyDistinctTable {
  aId: string
  bId: string
}

/** A verified employee who speaks for the company in its own name (services/companies/representatives.ts). */
export interface CompanyRepresentativeTable {
  companyId: string
  accountId: string
  grantedOn: DayColumn
}

/** A representative's public answer to a review (account side, real-name): one per review. */
export interface CompanyReviewResponseTable {
  reviewId: string
  companyId: string
  /** Null once the representative's account is deleted: the company's answer stays. */
  authorId: string | null
  body: string
  createdAt: Date
  updatedAt: Date | null
}

/**
 * A company merged into another (services/companies/companies.ts): its slug answers for the
 * survivor. Tokens drawn from the merged company's keys before the merge still speak for its
 * people, now under the survivor's name; the keys themselves are retired at the end of their epoch.
 * Flattened: when the survivor is merged in turn, every row pointing at it points at the new one.
 */
export interface CompanyMergeTable {
  fromSlug: string
  intoSlug: string
  mergedOn: DayColumn
}

export type PartialDB = { company: CompanyTable; companyMerge: CompanyMergeTable; companyDistinct: CompanyDistinctTable; companyRepresentative: CompanyRepresentativeTable; companyReviewResponse: CompanyReviewResponseTable }
