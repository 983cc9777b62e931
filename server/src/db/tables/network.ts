import type { Generated } from 'kysely'

/** One row per pair of members (a unique index on least/greatest of the two ids). */
export interface ConnectionTable {
  id: Generated<string>
  requesterId: string
  addresseeId: string
  state: 'pending' | 'accepted'
  note: string | null
  /** The addressee ignored it: gone from their list; the requester is not told and still sees it pending. */
  ignored: Generated<boolean>
  createdAt: Date
  acceptedAt: Date | null
}

export interface MemberBlockTable {
  blockerId: string
  blockedId: string
  createdAt: Date
}

/** A member following a member (`followeeId`) or a company (`companyId`): exactly one is set. */
export interface FollowTable {
  id: Generated<string>
  followerId: string
  followeeId: string | null
  companyId: string | null
  createdAt: Date
}

export type PartialDB = { connection: ConnectionTable; memberBlock: MemberBlockTable; follow: FollowTable }
