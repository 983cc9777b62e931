import { NETWORK } from '../../../../shared/src/api/limits.js'
import type { CreateFollow } from '../../../../shared/src/api/network.js'
import { toMinute } from '../../clock.js'
import type { AppContext } from '../../context.js'
import { NotFoundError } from '../../errors.js'
import { findCompany } from '../companies/companies.js'
import { cursorTime } from '../cursor-fields.js'
import { decodeCursor, encodeCursor, pageOf } from './cursor.js'
import { TooManyFollowsError } from './errors.js'
import { memberToActOn } from './members.js'

/** Follows a member (not one with a block between, see memberToActOn) or a company. Following again answers the same follow. */
export async function follow(ctx: AppContext, viewerId: string, input: CreateFollow): Promise<{ id: string; created: boolean }> {
  const target =
    'handle' in input
      ? { followeeId: (await memberToActOn(ctx, viewerId, input.handle, 'follow')).id, companyId: null }
      : { followeeId: null, companyId: (await findCompany(ctx, input.company)).id }
  // Following again answers the same follow, also at the limit; a new one past it is refused.
  const already = await existingFollow(ctx, viewerId, target)
  if (already) return { id: already, created: false }
  const { n } = await ctx.db.selectFrom('follow').select((eb) => eb.fn.countAll<string>().as('n')).where('followerId', '=', viewerId).executeTakeFirstOrThrow()
  if (Number(n) >= NETWORK.maxFollows) throw new TooManyFollowsError(NETWORK.maxFollows)
  const inserted = await ctx.db
    .insertInto('follow')
    .values({ followerId: viewerId, ...target, createdAt: toMinute(ctx.clock.now()) })
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .executeTakeFirst()
  if (inserted) return { id: inserted.id, created: true }
  const existing = await existingFollow(ctx, viewerId, target)
  if (existing) return { id: existing, created: false }
  // Unfollowed meanwhile: follow again.
  return follow(ctx, viewerId, input)
}

async function existingFollow(ctx: AppContext, viewerId: string, target: { followeeId: string | null; companyId: string | null }): Promise<string | null> {
  let q = ctx.db.selectFrom('follow').select('id').where('followerId', '=', viewerId)
  q = target.followeeId ? q.where('followeeId', '=', target.followeeId) : q.where('companyId', '=', target.companyId!)
  return (await q.executeTakeFirst())?.id ?? null
}

export async function unfollow(ctx: AppContext, viewerId: string, id: string): Promise<void> {
  const res = await ctx.db.deleteFrom('follow').where('id', '=', id).where('followerId', '=', viewerId).executeTakeFirst()
  if (!res.numDeletedRows) throw new NotFoundError('follow')
}

/** Whom and what the viewer follows, newest first. */
export async function listFollows(ctx: AppContext, viewerId: string, cursor?: string) {
  const after = decodeCursor('follows', cursor)
  let q = ctx.db
    .selectFrom('follow')
    .leftJoin('account', 'account.id', 'follow.followeeId')
    .leftJoin('company', 'company.id', 'follow.companyId')
    .select(['follow.id', 'follow.createdAt', 'account.handle', 'account.name as memberName', 'company.slug', 'company.name as companyName'])
    .where('follow.followerId', '=', viewerId)
    .orderBy('follow.createdAt', 'desc')
    .orderBy('follow.id', 'desc')
    .limit(NETWORK.pageSize + 1)
  if (after) q = q.where((eb) => eb(eb.refTuple('follow.createdAt', 'follow.id'), '<', eb.tuple(cursorTime(after.key), after.id)))
  const page = pageOf(await q.execute(), NETWORK.pageSize, (r) => encodeCursor('follows', r.createdAt.toISOString(), r.id))
  return {
    following: page.rows.map((r) =>
      r.handle
        ? { id: r.id, kind: 'member' as const, target: r.handle, name: r.memberName ?? '', createdAt: r.createdAt.toISOString() }
        : { id: r.id, kind: 'company' as const, target: r.slug ?? '', name: r.companyName ?? '', createdAt: r.createdAt.toISOString() },
    ),
    nextCursor: page.nextCursor,
  }
}

/** Followers of a member or a company, and the viewer's own follow of it. */
export async function followState(ctx: AppContext, viewerId: string, target: { followeeId: string } | { companyId: string }) {
  let q = ctx.db
    .selectFrom('follow')
    .select((eb) => [eb.fn.countAll<string>().as('n'), eb.fn.max(eb.case().when('followerId', '=', viewerId).then(eb.cast<string>('id', 'text')).end()).as('mine')])
  q = 'followeeId' in target ? q.where('followeeId', '=', target.followeeId) : q.where('companyId', '=', target.companyId)
  const row = await q.executeTakeFirstOrThrow()
  return { followerCount: Number(row.n), followId: (row.mine as string | null) ?? null }
}
