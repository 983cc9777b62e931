import type { ColumnType } from 'kysely'
import type { DayColumn } from './account.js'
import type { ModerationLogTable, TalkAppealTable, TalkReportTable } from '../../anon/tables.js'

export type { ModerationLogTable, TalkAppealTable, TalkReportTable } from '../../anon/tables.js'

/**
 * Account side: a member's report of real-name content (issue 11). It names the reporter and the
 * content — never Work Talk content, which is reported anonymously (talk_report). A reported
 * message is stored as the reporter's copy (`copy`): staff read that, not the conversation.
 */
export interface ContentReportTable {
  id: string
  reporterId: string
  targetType: string
  targetId: string
  reason: string
  note: ColumnType<string, string | undefined, string>
  copy: string | null
  createdAt: Date
  /** Closed by a moderator's action on the content (the queue shows only open reports). */
  decided: ColumnType<boolean, boolean | undefined, boolean>
}

/** A takedown request from anyone, member or not: a contact address and the content's link. */
export interface TakedownRequestTable {
  id: string
  contact: string
  url: string
  targetType: string | null
  targetId: string | null
  reason: string
  details: string
  createdAt: Date
  closedOn: ColumnType<string | null, string | null | undefined, string | null>
}

/** Staff side: what a moderator did to a piece of content (names the content and the moderator, never an author). */
export interface ModerationActionTable {
  id: string
  moderatorId: string | null
  targetType: string
  targetId: string
  action: string
  reason: string
  note: ColumnType<string, string | undefined, string>
  createdAt: Date
}

/** Staff side: the legal-request register (admin command line), counted on the transparency page. */
export interface LegalRequestTable {
  id: string
  receivedOn: DayColumn
  authority: string
  kind: string
  reference: ColumnType<string, string | undefined, string>
  accountEmail: string | null
  disclosed: ColumnType<string, string | undefined, string>
  closedOn: ColumnType<string | null, string | null | undefined, string | null>
}

export type PartialDB = {
  contentReport: ContentReportTable
  takedownRequest: TakedownRequestTable
  moderationAction: ModerationActionTable
  moderationLog: ModerationLogTable
  legalRequest: LegalRequestTable
  talkReport: TalkReportTable
  talkAppeal: TalkAppealTable
}
