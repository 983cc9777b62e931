import type { ColumnType, Generated } from 'kysely'

/** A `date` column: day granularity on purpose (DESIGN §4), read and written as "YYYY-MM-DD". */
export type DayColumn = ColumnType<string, string | undefined, string>

export interface AccountTable {
  id: Generated<string>
  handle: string
  name: string
  /** As the person typed it (trimmed); shown only to the account itself. */
  email: string
  /** Lower-cased: the unique key that makes login e-mail case-insensitive. */
  emailNormalized: string
  passwordHash: string
  language: Generated<string>
  role: Generated<'member' | 'reviewer' | 'moderator' | 'admin'>
  /** Suspended by a moderator until this day (exclusive): no sign-in, no session. */
  suspendedUntil: ColumnType<string | null, string | null | undefined, string | null>
  createdOn: DayColumn
  /** The day the member last chose a handle (null: still the one made at sign-up). */
  handleChangedOn: ColumnType<string | null, string | null | undefined, string | null>
}

export type PartialDB = { account: AccountTable }
