import type { BlockList, ConnectionList, ConnectionState, FollowList, PeoplePage, SuggestionList } from '../../../shared/src/api/network.js'
import { request } from './client.js'

const enc = encodeURIComponent
const cursorParam = (cursor?: string | null) => (cursor ? `cursor=${enc(cursor)}` : '')

/** The network part of the API (DESIGN §5b "network"). */
export const networkApi = {
  invite: (handle: string, note?: string) => request<{ id: string; state: ConnectionState }>('POST', '/connections', { handle, ...(note ? { note } : {}) }),
  accept: (id: string) => request<void>('POST', `/connections/${enc(id)}/accept`),
  ignore: (id: string) => request<void>('POST', `/connections/${enc(id)}/ignore`),
  /** Withdraw (sender, pending) or remove (either side, accepted). */
  remove: (id: string) => request<void>('DELETE', `/connections/${enc(id)}`),
  list: (state: ConnectionState, cursor?: string | null) => request<ConnectionList>('GET', `/connections?state=${state}&${cursorParam(cursor)}`),
  suggestions: () => request<SuggestionList>('GET', '/connections/suggestions'),
  mutual: (handle: string, cursor?: string | null) => request<PeoplePage>('GET', `/users/${enc(handle)}/mutual?${cursorParam(cursor)}`),
  block: (handle: string) => request<void>('POST', '/blocks', { handle }),
  unblock: (handle: string) => request<void>('DELETE', `/blocks/${enc(handle)}`),
  blocks: (cursor?: string | null) => request<BlockList>('GET', `/blocks?${cursorParam(cursor)}`),
  follow: (target: { handle: string } | { company: string }) => request<{ id: string }>('POST', '/follows', target),
  unfollow: (id: string) => request<void>('DELETE', `/follows/${enc(id)}`),
  follows: (cursor?: string | null) => request<FollowList>('GET', `/follows?${cursorParam(cursor)}`),
}
