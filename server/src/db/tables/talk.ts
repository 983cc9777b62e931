import type { Purpose } from '../../../../shared/src/talk/epochs.js'
import type {
  TalkChannelTable,
  TalkImageTable,
  TalkPollAnswerTable,
  TalkPollTable,
  TalkPostTable,
  TalkSpentTokenTable,
  TalkThreadTable,
  TalkVoteTable,
  CompanyInterviewTable,
  CompanyReviewHelpfulTable,
  CompanyReviewTable,
  CompanySalaryCellTable,
  CompanySalaryTable,
} from '../../anon/tables.js'

export type { TalkChannelTable, TalkImageTable, TalkPollAnswerTable, TalkPollTable, TalkPostTable, TalkSpentTokenTable, TalkThreadTable, TalkVoteTable, Voice } from '../../anon/tables.js'

/** A Work Talk issuer key. Companies are named by slug, as text: no join path to accounts. */
export interface TalkIssuerKeyTable {
  keyId: string
  companySlug: string | null
  purpose: Purpose
  epoch: string
  publicKey: Buffer
  privateKeySealed: Buffer
}

/**
 * Account side: tokens drawn per (account, key). A counter, nothing else; every member's client
 * draws its whole allowance in one batch, so the counters of active members look alike. Rows go
 * when their key's tokens expire (maintenance).
 */
export interface TalkIssuanceTable {
  accountId: string
  keyId: string
  issued: number
}

/** The public, append-only, hash-chained key log (DESIGN §2, §5). */
export interface TalkKeyLogTable {
  seq: number
  keyId: string
  companySlug: string | null
  purpose: string
  epoch: string
  prevHash: string
  hash: string
}

/** The key directory as served during one five-minute bucket: the same bytes from every process. */
export interface TalkKeyDirectoryTable {
  bucket: Date
  body: string
  etag: string
}

export type PartialDB = {
  talkIssuerKey: TalkIssuerKeyTable
  talkIssuance: TalkIssuanceTable
  talkKeyLog: TalkKeyLogTable
  talkKeyDirectory: TalkKeyDirectoryTable
  talkSpentToken: TalkSpentTokenTable
  talkThread: TalkThreadTable
  talkPost: TalkPostTable
  talkChannel: TalkChannelTable
  talkVote: TalkVoteTable
  talkPoll: TalkPollTable
  talkPollAnswer: TalkPollAnswerTable
  talkImage: TalkImageTable
  companyReview: CompanyReviewTable
  companyReviewHelpful: CompanyReviewHelpfulTable
  companySalary: CompanySalaryTable
  companySalaryCell: CompanySalaryCellTable
  companyInterview: CompanyInterviewTable
}
