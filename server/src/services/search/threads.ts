import { sql } from 'kysely'
import type { Static } from '@sinclair/typebox'
import { SEARCH } from '../../../../shared/src/api/limits.js'
import type { ThreadResult } from '../../../../shared/src/api/search.js'
import type { AppContext } from '../../context.js'
import { readableBoards } from '../talk/channels.js'
import { listExtras, NotVerifiedReaderError, requireVerifiedReader, listedThreadRows } from '../talk/reading.js'
import { threadSummary } from '../../views/talk.js'
import type { Page, Terms } from './terms.js'

/**
 * Work Talk threads by title and opening post (talk_post.search, which the anonymous module writes
 * with the post in its mixed window). Who finds what is Work Talk's own rule: verified members
 * (current or lapsed) find open-channel threads; a board's threads only its current employees
 * (channels.ts); unverified readers find nothing. Reading writes nothing, as for every Work Talk read.
 */
async function matches(ctx: AppContext, viewerId: string, t: Terms) {
  if (t.match === null) return null
  try {
    await requireVerifiedReader(ctx, viewerId)
  } catch (err) {
    if (err instanceof NotVerifiedReaderError) return null
    throw err
  }
  const boards = await readableBoards(ctx, viewerId)
  return listedThreadRows(ctx)
    .where(sql<boolean>`talk_post.search @@ ${t.match}::tsquery`)
    .where('talkPost.deleted', '=', false)
    .where((eb) => (boards.length ? eb.or([eb('talkThread.board', '=', false), eb('talkThread.channel', 'in', boards)]) : eb('talkThread.board', '=', false)))
}

export async function findThreads(ctx: AppContext, viewerId: string, t: Terms, page: Page): Promise<Static<typeof ThreadResult>[]> {
  const query = await matches(ctx, viewerId, t)
  if (!query) return []
  const rank = t.rank === null ? sql<number>`0` : sql<number>`ts_rank(talk_post.search, ${t.rank}::tsquery)`
  const rows = await query.orderBy(rank, 'desc').orderBy('talkThread.hot', 'desc').orderBy('talkThread.id', 'desc').offset(page.offset).limit(page.limit).execute()
  const extras = await listExtras(ctx, rows)
  return rows.map((r) => ({ type: 'thread', thread: threadSummary(r, extras) }))
}

export async function countThreads(ctx: AppContext, viewerId: string, t: Terms): Promise<number> {
  const query = await matches(ctx, viewerId, t)
  if (!query) return 0
  return (await query.limit(SEARCH.countCap + 1).execute()).length
}
