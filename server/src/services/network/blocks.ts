import { NETWORK } from '../../../../shared/src/api/limits.js'
import { toMinute } from '../../clock.js'
import type { AppContext } from '../../context.js'
import { cursorTime } from '../cursor-fields.js'
import { decodeCursor, encodeCursor, pageOf } from './cursor.js'
import { findMember } from './members.js'
import { SelfError } from './errors.js'

/**
 * Blocks a member. In one transaction: the block, and the end of everything between the two —
 * the connection or any pending invitation (either way), and follows both ways — so no half of it
 * survives a failure. Blocking twice, or someone who blocked you, answers the same: nothing is revealed.
 */
export async function blockMember(ctx: AppContext, blockerId: string, handle: string): Promise<void> {
  const other = await findMember(ctx, handle)
  if (other.id === blockerId) throw new SelfError('block')
  await ctx.db.transaction().execute(async (tx) => {
    await tx.insertInto('memberBlock').values({ blockerId, blockedId: other.id, createdAt: toMinute(ctx.clock.now()) }).onConflict((oc) => oc.doNothing()).execute()
    await tx
      .deleteFrom('connection')
      .where((eb) =>
        eb.or([
          eb.and([eb('requesterId', '=', blockerId), eb('addresseeId', '=', other.id)]),
          eb.and([eb('requesterId', '=', other.id), eb('addresseeId', '=', blockerId)]),
        ]),
      )
      .execute()
    await tx
      .deleteFrom('follow')
      .where((eb) =>
        eb.or([
          eb.and([eb('followerId', '=', blockerId), eb('followeeId', '=', other.id)]),
          eb.and([eb('followerId', '=', other.id), eb('followeeId', '=', blockerId)]),
        ]),
      )
      .execute()
  })
}

/** Lifts the viewer's block; nothing that the block ended comes back. Idempotent. */
export async function unblockMember(ctx: AppContext, blockerId: string, handle: string): Promise<void> {
  const other = await findMember(ctx, handle)
  await ctx.db.deleteFrom('memberBlock').where('blockerId', '=', blockerId).where('blockedId', '=', other.id).execute()
}

/** The members the viewer blocked, newest first. */
export async function listBlocks(ctx: AppContext, blockerId: string, cursor?: string) {
  const after = decodeCursor('blocks', cursor)
  let q = ctx.db
    .selectFrom('memberBlock')
    .innerJoin('account', 'account.id', 'memberBlock.blockedId')
    .select(['account.id', 'account.handle', 'account.name', 'memberBlock.createdAt'])
    .where('memberBlock.blockerId', '=', blockerId)
    .orderBy('memberBlock.createdAt', 'desc')
    .orderBy('account.id', 'desc')
    .limit(NETWORK.pageSize + 1)
  if (after) q = q.where((eb) => eb(eb.refTuple('memberBlock.createdAt', 'account.id'), '<', eb.tuple(cursorTime(after.key), after.id)))
  const rows = await q.execute()
  const page = pageOf(rows, NETWORK.pageSize, (r) => encodeCursor('blocks', r.createdAt.toISOString(), r.id))
  return { blocks: page.rows.map((r) => ({ handle: r.handle, name: r.name, blockedAt: r.createdAt.toISOString() })), nextCursor: page.nextCursor }
}
