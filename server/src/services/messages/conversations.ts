import { sql } from 'kysely'
import { MESSAGES } from '../../../../shared/src/api/limits.js'
import type { CreateConversation } from '../../../../shared/src/api/messages.js'
import { toMinute } from '../../clock.js'
import type { AppContext } from '../../context.js'
import { cursorBigintId, cursorFields, cursorUuid } from '../cursor-fields.js'
import { hitRateLimit } from '../limits/rate-limits.js'
import { degreesFrom } from '../network/graph.js'
import { memberToActOn } from '../network/members.js'
import { notify } from '../notifications/notify.js'
import { goneByBlock } from './access.js'
import { totalsOf } from './counts.js'
import { deliverMessage, insertMessage } from './messages.js'
import { summarise, type SummaryInput } from './summaries.js'

const DAY_S = 24 * 60 * 60

/**
 * Starts a conversation (or finds the one-to-one conversation two members already have). Every
 * other participant must be one the viewer may act on (404 for an unknown handle or one who
 * blocked the viewer; 409 `blocked` for one the viewer blocked). A participant who is not a
 * 1st-degree connection gets it as a message request (under Requests, to accept or decline); a
 * conversation that is a request to anyone counts against MESSAGES.requestsPerDay — only when it
 * is new, after every check, so a refused one uses nothing up.
 */
export async function startConversation(ctx: AppContext, viewerId: string, input: CreateConversation): Promise<{ id: string; created: boolean }> {
  const others = []
  for (const handle of input.handles) others.push(await memberToActOn(ctx, viewerId, handle, 'message'))
  const ids = [...new Set(others.map((o) => o.id))]
  const degrees = await degreesFrom(ctx.db, viewerId, ids)
  const strangers = ids.filter((id) => degrees.get(id) !== 1)
  const isGroup = ids.length > 1
  const pairKey = isGroup ? null : [viewerId, ids[0]!].sort().join(':')

  if (pairKey) {
    const existing = await ctx.db.selectFrom('conversation').select('id').where('pairKey', '=', pairKey).executeTakeFirst()
    if (existing) {
      // Writing to someone whose request one declined (or had not answered) takes the conversation back.
      await ctx.db.updateTable('conversationMember').set({ state: 'active' }).where('conversationId', '=', existing.id).where('accountId', '=', viewerId).execute()
      if (input.body !== undefined) await sendInto(ctx, viewerId, existing.id, input.body)
      return { id: existing.id, created: false }
    }
  }
  if (strangers.length) await hitRateLimit(ctx, { scope: 'message-requests', key: viewerId, limit: MESSAGES.requestsPerDay, windowS: DAY_S })

  const now = toMinute(ctx.clock.now())
  const id = await ctx.db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto('conversation')
      .values({ createdBy: viewerId, isGroup, pairKey, createdAt: now })
      // Two members starting their conversation at once: one row wins, the other finds it below.
      .onConflict((oc) => oc.column('pairKey').doNothing())
      .returning('id')
      .executeTakeFirst()
    if (!row) return null
    await tx
      .insertInto('conversationMember')
      .values([viewerId, ...ids].map((accountId) => ({ conversationId: row.id, accountId, state: strangers.includes(accountId) ? ('request' as const) : ('active' as const), joinedAt: now })))
      .execute()
    return row.id
  })
  if (id === null) return startConversation(ctx, viewerId, input)
  if (input.body !== undefined) await sendInto(ctx, viewerId, id, input.body)
  for (const s of strangers) await notify(ctx, s, { kind: 'message', actorId: viewerId, targetId: id })
  return { id, created: true }
}

async function sendInto(ctx: AppContext, viewerId: string, conversationId: string, body: string) {
  const message = await insertMessage(ctx, viewerId, conversationId, body)
  await deliverMessage(ctx, message)
}

function decodeListCursor(cursor: string | undefined): { lastId: string; id: string } | null {
  if (cursor === undefined) return null
  const [lastId, id] = cursorFields(cursor, 'conv', 2)
  return { lastId: cursorBigintId(lastId), id: cursorUuid(id) }
}

/**
 * A page of the viewer's conversations (`inbox`) or message requests (`requests`: only those with
 * a message), by last message, newest first; then everything the page shows, each in one query
 * for the whole page: participants, last messages, unread counts, blocks.
 */
export async function listConversations(ctx: AppContext, viewerId: string, box: 'inbox' | 'requests', cursor?: string) {
  const after = decodeListCursor(cursor)
  const size = MESSAGES.conversationPageSize
  let q = ctx.db
    .selectFrom('conversationMember')
    .innerJoin('conversation', 'conversation.id', 'conversationMember.conversationId')
    .select(['conversation.id', 'conversation.isGroup', 'conversation.lastMessageId', 'conversationMember.state'])
    .select((eb) => eb.fn.coalesce('conversation.lastMessageId', eb.val('0')).as('sortId'))
    .where('conversationMember.accountId', '=', viewerId)
    .where('conversationMember.state', '=', box === 'inbox' ? 'active' : 'request')
    .where(({ not }) => not(goneByBlock(viewerId, sql.ref('conversation.id'))))
    .orderBy('sortId', 'desc')
    .orderBy('conversation.id', 'desc')
    .limit(size + 1)
  if (box === 'requests') q = q.where('conversation.lastMessageId', 'is not', null)
  if (after) q = q.where((eb) => eb(eb.tuple(eb.fn.coalesce('conversation.lastMessageId', eb.val('0')), eb.ref('conversation.id')), '<', eb.tuple(eb.val(after.lastId), eb.val(after.id))))
  const rows = await q.execute()
  const page = rows.slice(0, size)
  const nextCursor = rows.length > size ? Buffer.from(JSON.stringify(['conv', String(page[page.length - 1]!.sortId), page[page.length - 1]!.id])).toString('base64url') : null
  const [summaries, totals] = await Promise.all([summarise(ctx, viewerId, page as SummaryInput[]), totalsOf(ctx.db, viewerId)])
  return { conversations: summaries, ...totals, nextCursor }
}
