import type { Kysely } from 'kysely'
import { hotScore } from '../../../../shared/src/talk/hot.js'
import type { AnonDB } from '../tables.js'

/**
 * The kept ranking of a thread (DESIGN §5b: updated on write, never computed per request), inside
 * the window's transaction of the write that moved it. The formula is shared/src/talk/hot.ts's.
 */
export async function rerank(tx: Kysely<AnonDB>, threadId: string): Promise<void> {
  const t = await tx.selectFrom('talkThread').select(['score', 'repliers', 'createdAt']).where('id', '=', threadId).executeTakeFirst()
  if (!t) return
  await tx.updateTable('talkThread').set({ hot: hotScore(t.score, t.repliers, t.createdAt) }).where('id', '=', threadId).execute()
}

/** The highlighted reply: the highest score above 0 among the replies still there (ties: the earlier). */
export async function rehighlight(tx: Kysely<AnonDB>, threadId: string): Promise<void> {
  const best = await tx
    .selectFrom('talkPost')
    .select('id')
    .where('threadId', '=', threadId)
    .where('isOpening', '=', false)
    .where('deleted', '=', false)
    .where('score', '>', 0)
    .orderBy('score', 'desc')
    .orderBy('position', 'asc')
    .limit(1)
    .executeTakeFirst()
  await tx.updateTable('talkThread').set({ highlightPostId: best?.id ?? null }).where('id', '=', threadId).execute()
}
