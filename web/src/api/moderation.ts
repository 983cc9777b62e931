import type { Static } from '@sinclair/typebox'
import type {
  ModerationActionBody,
  ModerationActionDone,
  ModerationLog,
  ModerationQueue,
  RealNameReport,
  ReportFiled,
  TakedownRequest,
  Transparency,
} from '../../../shared/src/api/moderation.js'
import { request } from './client.js'

export type ModerationLogPage = Static<typeof ModerationLog>

/** Trust and safety (issue 11): real-name reports, the takedown form, the staff queue, the public log. */
export const moderationApi = {
  report: (body: RealNameReport) => request<Static<typeof ReportFiled>>('POST', '/reports', body),
  takedown: (body: TakedownRequest) => request<Static<typeof ReportFiled>>('POST', '/takedown-requests', body),
  queue: () => request<ModerationQueue>('GET', '/moderation/queue'),
  act: (body: ModerationActionBody) => request<Static<typeof ModerationActionDone>>('POST', '/moderation/actions', body),
  logPage: (cursor?: string) => request<ModerationLogPage>('GET', '/moderation/log' + (cursor ? `?cursor=${encodeURIComponent(cursor)}` : '')),
  transparency: (quarter?: string) => request<Transparency>('GET', '/moderation/transparency' + (quarter ? `?quarter=${encodeURIComponent(quarter)}` : '')),
}

/** Every page of the public log, oldest first: the chain is only checkable whole. */
export async function wholeModerationLog(): Promise<ModerationLogPage['entries']> {
  const entries: ModerationLogPage['entries'] = []
  let cursor: string | undefined
  for (;;) {
    const page = await moderationApi.logPage(cursor)
    entries.push(...page.entries)
    if (!page.nextCursor || page.entries.length === 0) return entries
    cursor = page.nextCursor
  }
}
