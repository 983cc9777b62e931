import type { ColumnType, Generated } from 'kysely'
import type { Purpose } from '../../../shared/src/talk/epochs.js'

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
  /** The opening post's score (ups − downs). */
  score: Generated<number>
  /** Posts not deleted; a thread with none is gone from every list. */
  visiblePosts: Generated<number>
  /** The ranking score (shared/src/talk/hot.ts), kept up to date by every write that moves it. */
  hot: Generated<number>
  /** Distinct pseudonym keys that replied, the opener's excepted. */
  repliers: Generated<number>
  /** The reply with the highest score above 0 (ties: the earlier), or null. */
  highlightPostId: string | null
  hasPoll: Generated<boolean>
  /** A company board's thread: readable by its employees alone, never in a public list or stream. */
  board: Generated<boolean>
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
  score: Generated<number>
  ups: Generated<number>
  downs: Generated<number>
  /**
   * An opening post's search document (its thread's title and body: shared/src/search), written by
   * the same statement that stores, edits or deletes the post, in its mixed window; null on
   * replies and once deleted. Read as tsvector text; never selected for display.
   */
  search: ColumnType<string | null, string | null | undefined, string | null>
}

/** A channel an admin manages (company boards are not rows: a board is a company's slug). */
export interface TalkChannelTable {
  slug: string
  kind: 'open' | 'topic'
  nameEn: string
  nameZh: string
  position: number
  archived: Generated<boolean>
}

/** One pseudonym key's vote on one post (0: withdrawn; the row stays, so voting again costs no token). */
export interface TalkVoteTable {
  postId: string
  authorKey: Buffer
  value: -1 | 0 | 1
}

/** A thread's poll: its options and the answers per option. */
export interface TalkPollTable {
  threadId: string
  options: string[]
  counts: number[]
  closesAt: Date
}

/** One pseudonym key's answer to a poll: final. */
export interface TalkPollAnswerTable {
  threadId: string
  authorKey: Buffer
  option: number
}

/** An image uploaded for a post: pixels only (re-encoded), attached once its post is stored. */
export interface TalkImageTable {
  id: string
  postId: string | null
  position: Generated<number>
  mediaType: string
  width: number
  height: number
  bytes: Buffer
  /** The minute of its window. */
  createdAt: Date
}

/** What the anonymous side may read of an issuer key: never its sealed private half. */
export interface AnonIssuerKeyTable {
  keyId: string
  companySlug: string | null
  purpose: Purpose
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
  talkChannel: TalkChannelTable
  talkVote: TalkVoteTable
  talkPoll: TalkPollTable
  talkPollAnswer: TalkPollAnswerTable
  talkImage: TalkImageTable
}
