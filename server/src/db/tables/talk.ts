import type { Generated } from 'kysely'

/** A Work Talk issuer key. Companies are named by slug as text: no join path to accounts. */
export interface TalkIssuerKeyTable {
  keyId: string
  companySlug: string | null
  purpose: 'talk' | 'talk-former' | 'review' | 'salary'
  epoch: string
  publicKey: Buffer
  privateKeySealed: Buffer
}

/** Account side: tokens drawn per (account, key). A counter, nothing else. */
export interface TalkIssuanceTable {
  accountId: string
  keyId: string
  issued: number
}

/** SHA-256 of a redeemed token's message; the primary key makes a second use fail. */
export interface TalkSpentTokenTable {
  tokenHash: Buffer
  epoch: string
}

export interface TalkThreadTable {
  id: Generated<string>
  title: string
  channel: string
  companySlug: string | null
  /** Minute granularity (DESIGN §4). */
  createdAt: Date
  lastPostAt: Date
  replyCount: Generated<number>
  score: Generated<number>
}

export type Voice = 'employee' | 'former' | 'professional'

export interface TalkPostTable {
  id: Generated<string>
  threadId: string
  isOpening: boolean
  position: number
  body: string
  label: 'company' | 'alias'
  voice: Voice | null
  companySlug: string | null
  companyName: string | null
  authorKey: Buffer
  authorTag: string
  revision: Generated<number>
  deleted: Generated<boolean>
  createdAt: Date
  editedAt: Date | null
}

export type PartialDB = {
  talkIssuerKey: TalkIssuerKeyTable
  talkIssuance: TalkIssuanceTable
  talkSpentToken: TalkSpentTokenTable
  talkThread: TalkThreadTable
  talkPost: TalkPostTable
}
