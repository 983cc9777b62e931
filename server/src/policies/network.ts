import { type Kysely, type RawBuilder, sql } from 'kysely'

import type { DB } from '../db/schema.js'

/**
 * "These two members have a block between them" — the one owner of the rule. A block hides both
 * ways: profiles (404), suggestions, lists and mutual connections; it stops invitations, follows
 * and (the messages part) conversations. Who blocked whom is told only to the blocker.
 */
export async function isBlockedEitherWay(ctx: { db: Kysely<DB> }, a: string, b: string): Promise<boolean> {
  return (await blockBetween(ctx, a, b)) !== 'none'
}

/** `blocking`: the viewer blocked the other; `blocked-by`: the other blocked the viewer (never to be revealed). */
export type BlockRelation = 'none' | 'blocking' | 'blocked-by'

export async function blockBetween(ctx: { db: Kysely<DB> }, viewerId: string, otherId: string): Promise<BlockRelation> {
  if (viewerId === otherId) return 'none'
  const rows = await ctx.db
    .selectFrom('memberBlock')
    .select(['blockerId'])
    .where((eb) =>
      eb.or([
        eb.and([eb('blockerId', '=', viewerId), eb('blockedId', '=', otherId)]),
        eb.and([eb('blockerId', '=', otherId), eb('blockedId', '=', viewerId)]),
      ]),
    )
    .execute()
  if (rows.some((r) => r.blockerId === viewerId)) return 'blocking'
  return rows.length ? 'blocked-by' : 'none'
}

/**
 * The same rule in SQL, for lists: true when no block stands between the viewer and the account
 * whose id is `column` (a raw column reference such as sql.ref('account.id')).
 */
export function notBlockedWith(viewerId: string, column: RawBuilder<unknown> | ReturnType<typeof sql.ref>) {
  return sql<boolean>`not exists (select 1 from member_block mb where (mb.blocker_id = ${viewerId} and mb.blocked_id = ${column}) or (mb.blocker_id = ${column} and mb.blocked_id = ${viewerId}))`
}

