import type { ColumnType, Generated } from 'kysely'

/** bigint identity columns come back from node-postgres as strings. */
type BigIntId = ColumnType<string, never, never>

export interface ConversationTable {
  id: Generated<string>
  createdBy: string | null
  isGroup: boolean
  /** "<least id>:<greatest id>" of a one-to-one conversation; null for a group. */
  pairKey: string | null
  createdAt: Date
  lastMessageId: ColumnType<string | null, string | null | undefined, string | null>
  lastMessageAt: Date | null
}

export type MemberState = 'active' | 'request' | 'declined'

export interface ConversationMemberTable {
  conversationId: string
  accountId: string
  state: MemberState
  lastReadId: ColumnType<string, string | undefined, string>
  joinedAt: Date
}

export interface MessageTable {
  id: BigIntId
  conversationId: string
  senderId: string | null
  body: string
  createdAt: Date
}

export interface NotificationTable {
  id: BigIntId
  recipientId: string
  kind: string
  actorId: string | null
  targetId: string | null
  data: ColumnType<Record<string, unknown>, string | undefined, string>
  read: Generated<boolean>
  createdAt: Date
}

export type PartialDB = { conversation: ConversationTable; conversationMember: ConversationMemberTable; message: MessageTable; notification: NotificationTable }
