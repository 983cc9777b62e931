import type { Static } from '@sinclair/typebox'
import type { ThreadDetail, ThreadList, TokensIssued } from '../../../shared/src/api/talk.js'
import { request } from './client.js'

/**
 * Work Talk calls made with the session: reading (for verified members) and token issuance.
 * Anonymous writes never go through here — see talk/anon-fetch.ts.
 */
export interface ThreadQuery {
  sort: 'hot' | 'new'
  company?: string | undefined
  channel?: string | undefined
  cursor?: string | undefined
}

function query(q: ThreadQuery): string {
  const p = new URLSearchParams({ sort: q.sort })
  if (q.company) p.set('company', q.company)
  if (q.channel) p.set('channel', q.channel)
  if (q.cursor) p.set('cursor', q.cursor)
  return p.toString()
}

export const talkApi = {
  threads: (q: ThreadQuery) => request<ThreadList>('GET', `/talk/threads?${query(q)}`),
  thread: (id: string) => request<ThreadDetail>('GET', `/talk/threads/${encodeURIComponent(id)}`),
  issueTokens: (keyId: string, blindedMessages: string[]) =>
    request<Static<typeof TokensIssued>>('POST', '/talk/tokens', { keyId, blindedMessages }),
}
