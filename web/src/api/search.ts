import type { SearchAnswer, SearchType } from '../../../shared/src/api/search.js'
import { request } from './client.js'

/** GET /search: one type's page (with `cursor` for the next), or every type's first few with counts. */
export function search(q: string, type: SearchType | null, cursor?: string | null): Promise<SearchAnswer> {
  const p = new URLSearchParams({ q })
  if (type) p.set('type', type)
  if (cursor) p.set('cursor', cursor)
  return request<SearchAnswer>('GET', `/search?${p}`)
}
