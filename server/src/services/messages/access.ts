import { type Expression, type Kysely, sql } from 'kysely'
import type { AppContext } from '../../context.js'
import type { DB } from '../../db/schema.js'
import type { MemberState } from '../../db/tables/messages.js'
import { NotFoundError } from '../../errors.js'
import { BlockedError } from '../network/errors.js'

/**
 * The viewer's membership of a conversation, or 404 `not_found` — for a conversation that does not
 * exist, one they are not in, and one they declined (as a request): all three look the same.
 */
export async function membershipOf(ctx: AppContext, viewerId: string, conversationId: string) {
  const row = await ctx.db
    .selectFrom('conversationMember')
    .innerJoin('conversation', 'conversation.id', 'conversationMember.conversationId')
    .select(['conversation.id', 'conversation.isGroup', 'conversation.lastMessageId', 'conversationMember.state', 'conversationMember.lastReadId'])
    .where('conversationMember.conversationId', '=', conversationId)
    .where('conversationMember.accountId', '=', viewerId)
    .where('conversationMember.state', '<>', 'declined')
    .where(({ not }) => not(goneByBlock(viewerId, sql.ref('conversation.id'))))
    .executeTakeFirst()
  if (!row) throw new NotFoundError('conversation')
  return row as typeof row & { state: Exclude<MemberState, 'declined'> }
}

/**
 * The rule for a block in a one-to-one conversation, owned here: for the member who was blocked
 * the conversation is gone — not listed, not counted, 404 to read — as the block is never
 * revealed, it looks as if the other deleted it. The blocker still sees it (marked, read-only).
 * A group stays for everyone: others are in it. `viewer` is an id, or a column holding one.
 */
export function goneByBlock(viewer: string | Expression<string>, conversation: Expression<string>) {
  return sql<boolean>`exists (
    select 1 from conversation gc
    join conversation_member go on go.conversation_id = gc.id and go.account_id <> ${viewer}
    join member_block gb on gb.blocker_id = go.account_id and gb.blocked_id = ${viewer}
    where gc.id = ${conversation} and not gc.is_group)`
}

/** Every member of a conversation with their state. */
export async function membersOf(db: Kysely<DB>, conversationId: string) {
  return db.selectFrom('conversationMember').select(['accountId', 'state']).where('conversationId', '=', conversationId).execute()
}

/**
 * A block between the viewer and anyone else in the conversation stops new messages (DESIGN, the
 * network part's rule): the member who was blocked gets 404, as if the conversation were gone — a
 * block is never revealed; the blocker gets 409 `blocked`. One query for all the members.
 */
export async function requireNoBlock(ctx: AppContext, viewerId: string, otherIds: readonly string[]): Promise<void> {
  const rel = await blocksWith(ctx.db, viewerId, otherIds)
  if (rel.blockedBy.size) throw new NotFoundError('conversation')
  if (rel.blocking.size) throw new BlockedError()
}

/** Whom the viewer blocked and who blocked the viewer, among these members. */
export async function blocksWith(db: Kysely<DB>, viewerId: string, otherIds: readonly string[]) {
  const others = [...new Set(otherIds)].filter((id) => id !== viewerId)
  const blocking = new Set<string>()
  const blockedBy = new Set<string>()
  if (!others.length) return { blocking, blockedBy }
  const rows = await db
    .selectFrom('memberBlock')
    .select(['blockerId', 'blockedId'])
    .where((eb) =>
      eb.or([
        eb.and([eb('blockerId', '=', viewerId), eb('blockedId', 'in', others)]),
        eb.and([eb('blockedId', '=', viewerId), eb('blockerId', 'in', others)]),
      ]),
    )
    .execute()
  for (const r of rows) (r.blockerId === viewerId ? blocking.add(r.blockedId) : blockedBy.add(r.blockerId))
  return { blocking, blockedBy }
}
