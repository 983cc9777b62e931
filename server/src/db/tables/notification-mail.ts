import type { ColumnType } from 'kysely'

/** A member's e-mail digest choice and where their last digest stopped (account side). */
export interface NotificationMailTable {
  accountId: string
  /** Notification kinds mailed in the digest; empty: no digest (what unsubscribing sets). */
  kinds: string[]
  /** The UTC day of the last digest, "YYYY-MM-DD". */
  lastDigestOn: ColumnType<string | null, string | null | undefined, string | null>
  /** The highest notification id the last digest covered (bigint, as a string). */
  digestedThrough: ColumnType<string, string | undefined, string>
}

export type PartialDB = { notificationMail: NotificationMailTable }
