import type { Static } from '@sinclair/typebox'
import type { CreateChannel, PublicHot, TalkChannel, UpdateChannel, ThreadDetail, ThreadList, TokensIssued } from '../../../shared/src/api/talk.js'
import { request } from './client.js'

/**
 * Work Talk calls made with the session: reading (for verified members) and token issuance.
 * Anonymous writes never go through here — see talk/anon-fetch.ts.
 */
export interface ThreadQuery {
  sort: 'hot' | 'new' | 'top'
  /** For `top`. */
  period?: 'day' | 'week' | 'month' | undefined
  company?: string | undefined
  channel?: string | undefined
  cursor?: string | undefined
}

function query(q: ThreadQuery): string {
  const p = new URLSearchParams({ sort: q.sort })
  if (q.sort === 'top' && q.period) p.set('period', q.period)
  if (q.company) p.set('company', q.company)
  if (q.channel) p.set('channel', q.channel)
  if (q.cursor) p.set('cursor', q.cursor)
  return p.toString()
}

export const talkApi = {
  threads: (q: ThreadQuery) => request<ThreadList>('GET', `/talk/threads?${query(q)}`),
  /** A page of a thread (the first without `cursor`; the next with the page's `nextCursor`). */
  thread: (id: string, cursor?: string) => request<ThreadDetail>('GET', `/talk/threads/${encodeURIComponent(id)}${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`),
  /** The open channel, the topic channels and the boards of the member's companies (with why one is missing). */
  channels: () => request<{ channels: TalkChannel[] }>('GET', '/talk/channels'),
  /** Admins: a new topic channel (409 slug_taken), and a rename, move or archive. */
  createChannel: (body: Static<typeof CreateChannel>) => request<void>('POST', '/talk/channels', body),
  updateChannel: (slug: string, body: Static<typeof UpdateChannel>) => request<void>('PATCH', `/talk/channels/${encodeURIComponent(slug)}`, body),
  /** Signed out or unverified: the open channel's hot threads, title and first lines only. */
  publicHot: () => request<Static<typeof PublicHot>>('GET', '/talk/public/hot'),
  issueTokens: (keyId: string, blindedMessages: string[]) =>
    request<Static<typeof TokensIssued>>('POST', '/talk/tokens', { keyId, blindedMessages }),
}
