import type { ColumnType } from 'kysely'
import type { DayColumn } from './account.js'

/** An old handle of an account: it points to the current one and stays reserved until `keptUntil`. */
export interface HandleHistoryTable {
  handle: string
  accountId: string
  keptUntil: DayColumn
}

/** A member's photo, re-encoded (no metadata) at the two sizes it is shown in; `id` versions its URL. */
export interface ProfilePhotoTable {
  accountId: string
  id: string
  avatar: Buffer
  page: Buffer
}

/** A TOTP secret (AES-GCM under the `totp-encryption` key); `enabled` once a code confirmed it. */
export interface TotpCredentialTable {
  accountId: string
  secretSealed: Buffer
  enabled: ColumnType<boolean, boolean | undefined, boolean>
  lastUsedMinute: ColumnType<Date | null, Date | null | undefined, Date | null>
}

/** One unused recovery code, as an HMAC; using it deletes the row. */
export interface TotpRecoveryCodeTable {
  accountId: string
  codeHash: Buffer
}

export type PartialDB = {
  handleHistory: HandleHistoryTable
  profilePhoto: ProfilePhotoTable
  totpCredential: TotpCredentialTable
  totpRecoveryCode: TotpRecoveryCodeTable
}
