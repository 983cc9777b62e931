import type { AppContext } from '../../context.js'
import { NotFoundError } from '../../errors.js'
import { blockBetween } from '../../policies/network.js'
import { BlockedError, SelfError } from './errors.js'

export interface Member {
  id: string
  handle: string
  name: string
}

/** The account of a handle, or 404. */
export async function findMember(ctx: AppContext, handle: string): Promise<Member> {
  const row = await ctx.db.selectFrom('account').select(['id', 'handle', 'name']).where('handle', '=', handle.toLowerCase()).executeTakeFirst()
  if (!row) throw new NotFoundError('member')
  return row
}

/**
 * The member a viewer acts on (invites, follows): 404 for an unknown handle and — so that a block
 * is never revealed — also when that member blocked the viewer; 409 `blocked` when the viewer
 * blocked them (the viewer knows); 400 `self` for oneself.
 */
export async function memberToActOn(ctx: AppContext, viewerId: string, handle: string, action: string): Promise<Member> {
  const member = await findMember(ctx, handle)
  if (member.id === viewerId) throw new SelfError(action)
  const block = await blockBetween(ctx, viewerId, member.id)
  if (block === 'blocked-by') throw new NotFoundError('member')
  if (block === 'blocking') throw new BlockedError()
  return member
}
