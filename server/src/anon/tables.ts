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
  /** Paid for a yearly record (review, salary, interview): kept as long as such a token could be replayed. */
  longLived: Generated<boolean>
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
  /** Locked by a moderator: no more replies (403 `thread_locked`). */
  locked: Generated<boolean>
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
  /**
   * Issue 11: `held` by an automated check before publishing (the writer is told: GET
   * /talk/writes answers `held`), `hidden` (personal-data reports, or a moderator, until one
   * decides), `removed` by a moderator; null: visible. The text is kept for a restore or an appeal.
   */
  moderation: ColumnType<PostModeration | null, PostModeration | null | undefined, PostModeration | null>
  /** The rule or report reason shown in the post's place. */
  moderationReason: ColumnType<string | null, string | null | undefined, string | null>
}

export type PostModeration = 'held' | 'hidden' | 'removed'
export type RecordModeration = 'hidden' | 'removed'

/** One pseudonym key's report of one post (DESIGN §4): a react token paid for it; no account. */
export interface TalkReportTable {
  postId: string
  reporterKey: Buffer
  reason: string
  /** The minute of its window. */
  createdAt: Date
}

/** The author's appeal of a moderation decision, signed by the post's own key (no account, no session). */
export interface TalkAppealTable {
  id: string
  postId: string
  body: string
  createdAt: Date
  outcome: 'upheld' | 'reversed' | null
  decidedOn: ColumnType<string | null, string | null | undefined, string | null>
}

/**
 * The public moderation log (DESIGN §5b): append-only, hash-chained like the key log. Day, action,
 * reason, what content — never who wrote it (there is nobody to name for anonymous content).
 */
export interface ModerationLogTable {
  seq: number
  day: ColumnType<string, string, string>
  action: string
  reason: string
  targetType: string
  targetId: string
  prevHash: string
  hash: string
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

/** A merged company's slug and its survivor's: a token of the merged company's keys speaks for the survivor. */
export interface AnonCompanyMergeTable {
  fromSlug: string
  intoSlug: string
}

export type AnonDB = {
  talkSpentToken: TalkSpentTokenTable
  talkThread: TalkThreadTable
  talkPost: TalkPostTable
  talkIssuerKey: AnonIssuerKeyTable
  company: AnonCompanyTable
  companyMerge: AnonCompanyMergeTable
  talkChannel: TalkChannelTable
  talkVote: TalkVoteTable
  talkPoll: TalkPollTable
  talkPollAnswer: TalkPollAnswerTable
  talkImage: TalkImageTable
  talkReport: TalkReportTable
  talkAppeal: TalkAppealTable
  moderationLog: ModerationLogTable
  companyReview: CompanyReviewTable
  companyReviewHelpful: CompanyReviewHelpfulTable
  companySalary: CompanySalaryTable
  companySalaryCell: CompanySalaryCellTable
  companyInterview: CompanyInterviewTable
}

/** A company review (issue 10): written with a `review` token of the company's yearly key; its month only. */
export interface CompanyReviewTable {
  id: string
  companySlug: string
  overall: number
  culture: number
  workLife: number
  compensation: number
  management: number
  growth: number
  recommend: boolean
  ceo: 'approve' | 'disapprove' | 'no_opinion' | null
  headline: string
  pros: string
  cons: string
  advice: string
  employment: 'current' | 'former'
  titleFamily: string
  /** The first day of the month its window committed in. */
  postedOn: ColumnType<string, string, never>
  helpful: Generated<number>
  /** Issue 11: `hidden` or `removed` by a moderator (or personal-data reports), with the reason shown in its place; null: shown. */
  moderation: ColumnType<RecordModeration | null, RecordModeration | null | undefined, RecordModeration | null>
  moderationReason: ColumnType<string | null, string | null | undefined, string | null>
}

/** One "helpful" per (review, voter key): the key is the member's for that review only. */
export interface CompanyReviewHelpfulTable {
  reviewId: string
  voterKey: Buffer
}

/** A salary report: never shown itself — the daily batch folds it into company_salary_cell. */
export interface CompanySalaryTable {
  id: string
  companySlug: string
  titleFamily: string
  level: string
  location: string
  /** The location folded for grouping (case, width and spaces). */
  locationKey: string
  yearsExperience: number
  base: ColumnType<string, number, never>
  bonus: ColumnType<string, number, never>
  equity: ColumnType<string, number, never>
  currency: string
  year: number
  postedOn: ColumnType<string, string, never>
}

/** The daily batch's aggregates per (company, title family, location, currency); figures null below SALARIES.minReports. */
export interface CompanySalaryCellTable {
  companySlug: string
  titleFamily: string
  locationKey: string
  location: string
  currency: string
  count: number
  p25: ColumnType<string | null, number | null, number | null>
  median: ColumnType<string | null, number | null, number | null>
  p75: ColumnType<string | null, number | null, number | null>
  medianTotal: ColumnType<string | null, number | null, number | null>
  computedAt: Date
}

/** An interview report: the null `interview` key pays (any verified member; five a year). */
export interface CompanyInterviewTable {
  id: string
  companySlug: string
  position: string
  outcome: 'offer' | 'declined_offer' | 'no_offer' | 'pending'
  difficulty: number
  experience: 'positive' | 'neutral' | 'negative'
  body: string
  questions: string
  postedOn: ColumnType<string, string, never>
  /** Issue 11: `hidden` or `removed` by a moderator (or personal-data reports), with the reason shown in its place; null: shown. */
  moderation: ColumnType<RecordModeration | null, RecordModeration | null | undefined, RecordModeration | null>
  moderationReason: ColumnType<string | null, string | null | undefined, string | null>
}
