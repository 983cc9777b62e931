import { MESSAGES } from '../../../../shared/src/api/limits.js'
import { toMinute } from '../../clock.js'
import type { AppContext } from '../../context.js'
import { BadCursorError, NotFoundError } from '../../errors.js'
import { cursorBigintId } from '../cursor-fields.js'
import { messageView, type MessageRow } from '../../views/messages.js'
import { publishToMember } from '../live/bus.js'
import { membershipOf, membersOf, requireNoBlock } from './access.js'
import { messageRows, summarise } from './summaries.js'
import { totalsOf, unreadFor } from './counts.js'

/**
 * Stores a message: the row, the conversation's last message, and the sender's own read mark (what
 * one wrote is read), in one transaction. Times to the minute; the order is the identity id's.
 */
export async function insertMessage(ctx: AppContext, senderId: string, conversationId: string, body: string): Promise<MessageRow> {
  const now = toMinute(ctx.clock.now())
  const row = await ctx.db.transaction().execute(async (tx) => {
    const m = await tx.insertInto('message').values({ conversationId, senderId, body, createdAt: now }).returning(['id', 'conversationId', 'body', 'senderId', 'createdAt']).executeTakeFirstOrThrow()
    await tx.updateTable('conversation').set({ lastMessageId: m.id, lastMessageAt: now }).where('id', '=', conversationId).execute()
    await tx.updateTable('conversationMember').set({ lastReadId: m.id }).where('conversationId', '=', conversationId).where('accountId', '=', senderId).execute()
    return m
  })
  const sender = await ctx.db.selectFrom('account').select(['handle', 'name']).where('id', '=', senderId).executeTakeFirstOrThrow()
  return { ...row, senderHandle: sender.handle, senderName: sender.name }
}

/**
 * The message to every stream of every participant who sees the conversation (the sender's other
 * tabs too; not one who declined it), each with their own unread counts. Never throws.
 */
export async function deliverMessage(ctx: AppContext, m: MessageRow): Promise<void> {
  try {
    const members = (await membersOf(ctx.db, m.conversationId)).filter((x) => x.state !== 'declined')
    const counts = await unreadFor(ctx.db, m.conversationId, members.map((x) => x.accountId))
    for (const member of members) {
      const c = counts.get(member.accountId) ?? { unread: 0, total: 0 }
      await publishToMember(ctx, [member.accountId], {
        type: 'message',
        message: messageView(m, member.accountId),
        unread: c.unread,
        unreadTotal: c.total,
        request: member.state === 'request',
      })
    }
  } catch (err) {
    ctx.live.log.warn({ err: { message: (err as Error).message } }, 'a message could not be delivered live')
  }
}

/**
 * POST /conversations/{id}/messages. 404 for a conversation the viewer is not in (or declined);
 * a block between the viewer and anyone in it: 404 for the blocked member, 409 `blocked` for the
 * blocker. Replying to a message request accepts it.
 */
export async function postMessage(ctx: AppContext, viewerId: string, conversationId: string, body: string) {
  const own = await membershipOf(ctx, viewerId, conversationId)
  const members = await membersOf(ctx.db, conversationId)
  await requireNoBlock(ctx, viewerId, members.map((x) => x.accountId))
  if (own.state === 'request') await setState(ctx, viewerId, conversationId, 'active')
  const m = await insertMessage(ctx, viewerId, conversationId, body)
  await deliverMessage(ctx, m)
  return messageView(m, viewerId)
}

function decodeMessageCursor(cursor: string | undefined): string | null {
  if (cursor === undefined) return null
  const text = Buffer.from(cursor, 'base64url').toString('utf8')
  if (!text.startsWith('m:')) throw new BadCursorError()
  return cursorBigintId(text.slice(2))
}

/**
 * GET /conversations/{id}/messages: newest first, `cursor` for older ones. The first page marks
 * the conversation read (opening it reads it) and tells the viewer's other tabs the new counts.
 */
export async function readMessages(ctx: AppContext, viewerId: string, conversationId: string, cursor?: string) {
  const own = await membershipOf(ctx, viewerId, conversationId)
  const before = decodeMessageCursor(cursor)
  let q = messageRows(ctx).where('message.conversationId', '=', conversationId).orderBy('message.id', 'desc').limit(MESSAGES.pageSize + 1)
  if (before) q = q.where('message.id', '<', before)
  const rows = await q.execute()
  const page = rows.slice(0, MESSAGES.pageSize)
  const nextCursor = rows.length > MESSAGES.pageSize ? Buffer.from(`m:${page[page.length - 1]!.id}`).toString('base64url') : null
  if (!before) await markRead(ctx, viewerId, own)
  const [conversation] = await summarise(ctx, viewerId, [{ ...own, lastMessageId: own.lastMessageId }])
  return { conversation: conversation!, messages: page.map((r) => messageView(r, viewerId)), nextCursor }
}

/** POST /conversations/{id}/read: what arrived live while the conversation was open is read. */
export async function markConversationRead(ctx: AppContext, viewerId: string, conversationId: string): Promise<void> {
  await markRead(ctx, viewerId, await membershipOf(ctx, viewerId, conversationId))
}

async function markRead(ctx: AppContext, viewerId: string, own: { id: string; lastMessageId: string | null; lastReadId: string }) {
  if (own.lastMessageId === null || BigInt(own.lastMessageId) <= BigInt(own.lastReadId)) return
  await ctx.db
    .updateTable('conversationMember')
    .set({ lastReadId: own.lastMessageId })
    .where('conversationId', '=', own.id)
    .where('accountId', '=', viewerId)
    // Never backwards: a newer read mark from another tab stays.
    .where('lastReadId', '<', own.lastMessageId)
    .execute()
  await publishCounts(ctx, viewerId)
}

export async function publishCounts(ctx: AppContext, viewerId: string): Promise<void> {
  const t = await totalsOf(ctx.db, viewerId)
  await publishToMember(ctx, [viewerId], { type: 'counts', unreadMessages: t.unreadTotal, requests: t.requests })
}

/** Accepts a message request: it becomes a normal conversation. Accepting an active one does nothing. */
export async function acceptRequest(ctx: AppContext, viewerId: string, conversationId: string): Promise<void> {
  const own = await membershipOf(ctx, viewerId, conversationId)
  if (own.state === 'active') return
  await setState(ctx, viewerId, conversationId, 'active')
  await publishCounts(ctx, viewerId)
}

/**
 * Declines a message request: it leaves the viewer's lists and answers 404 to them from now on.
 * The sender is not told: for them the conversation goes on as before, and what they write is not
 * delivered. Only a request can be declined (a normal conversation: 404 `not_found` — it is not one).
 */
export async function declineRequest(ctx: AppContext, viewerId: string, conversationId: string): Promise<void> {
  const own = await membershipOf(ctx, viewerId, conversationId)
  if (own.state !== 'request') throw new NotFoundError('message request')
  await setState(ctx, viewerId, conversationId, 'declined')
  await publishCounts(ctx, viewerId)
}

async function setState(ctx: AppContext, viewerId: string, conversationId: string, state: 'active' | 'declined') {
  await ctx.db.updateTable('conversationMember').set({ state }).where('conversationId', '=', conversationId).where('accountId', '=', viewerId).execute()
}
