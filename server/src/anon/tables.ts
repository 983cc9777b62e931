import type { Generated } from 'kysely'

/**
 * The post side's tables (DESIGN §1, §4): what anonymous endpoints write. They hold no account
 * id, session, address or user agent, have no foreign key to the account side, and keep times
 * only to the minute. `AnonDB` is all the anonymous module's code can name: these tables and the
 * public columns of two others — so a path from an account to a post cannot even be typed here.
 */

/** SHA-256 of a redeemed token's message; the primary key makes a second use fail. */
export interface TalkSpentTokenTable {
  tokenHash: Buffer
  /** The minute of the mixed commit that spent it — the post's own `createdAt`; kept only for pruning. */
  spentAt: Date
}

/** A thread: where it is, who may read it, its counters. Its text (the title) is in its opening post. */
export interface TalkThreadTable {
  id: string
  channel: string
  companySlug: string | null
  /** DESIGN §3: the nonce the opener's key comes from, so a restored device finds its own threads. */
  openerNonce: string | null
  /** Minute granularity (DESIGN §4). */
  createdAt: Date
  lastPostAt: Date
  replyCount: Generated<number>
  score: Generated<number>
  /** Posts not deleted; a thread with none is gone from every list. */
  visiblePosts: Generated<number>
}

export type Voice = 'employee' | 'former' | 'professional'

export interface TalkPostTable {
  id: string
  threadId: string
  isOpening: boolean
  position: number
  /** The thread's title, on its opening post ("" on replies, and once deleted). */
  title: Generated<string>
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
  /** Spaces that briefly hold the place of overwritten text (see services/scrub.ts). */
  pad: Generated<string>
}

/** What the anonymous side may read of an issuer key: never its sealed private half. */
export interface AnonIssuerKeyTable {
  keyId: string
  companySlug: string | null
  purpose: 'talk' | 'talk-former' | 'review' | 'salary'
  epoch: string
  publicKey: Buffer
}

/** What the anonymous side may read of a company: its public name, to label a post. */
export interface AnonCompanyTable {
  slug: string
  name: string
}

export type AnonDB = {
  talkSpentToken: TalkSpentTokenTable
  talkThread: TalkThreadTable
  talkPost: TalkPostTable
  talkIssuerKey: AnonIssuerKeyTable
  company: AnonCompanyTable
}
