import { type RawBuilder, sql } from 'kysely'
import { blockBetween, notBlockedWith } from './network.js'
import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.js'

/**
 * "May this member see that member's feed posts, likes and comments" — the one owner of the rule.
 * Every signed-in member sees every post, except across a block (either way, DESIGN §5b blocks);
 * there is no per-post audience. A post one may not see answers 404, as an unknown one does.
 */
export async function canSeeFeedOf(ctx: { db: Kysely<DB> }, viewerId: string, authorId: string): Promise<boolean> {
  return (await blockBetween(ctx, viewerId, authorId)) === 'none'
}

/** The same rule in SQL for lists: `column` is the author's account id. */
export function feedVisibleTo(viewerId: string, column: RawBuilder<unknown> | ReturnType<typeof sql.ref>) {
  return notBlockedWith(viewerId, column)
}
