import type { ConversationSummary } from '../../../../shared/src/api/messages.js'
import type { AppContext } from '../../context.js'
import { conversationView, messageView, type MessageRow } from '../../views/messages.js'
import { blocksWith } from './access.js'
import { unreadIn } from './counts.js'

export type SummaryInput = { id: string; isGroup: boolean; lastMessageId: string | null; state: 'active' | 'request' }

/** Summaries of a page of conversations, in four queries whatever the page's length. */
export async function summarise(ctx: AppContext, viewerId: string, convs: readonly SummaryInput[]): Promise<ConversationSummary[]> {
  if (!convs.length) return []
  const ids = convs.map((c) => c.id)
  const lastIds = convs.map((c) => c.lastMessageId).filter((x): x is string => x !== null)
  const [people, lasts, unread] = await Promise.all([
    ctx.db
      .selectFrom('conversationMember')
      .innerJoin('account', 'account.id', 'conversationMember.accountId')
      .select(['conversationMember.conversationId', 'account.id', 'account.handle', 'account.name'])
      .where('conversationMember.conversationId', 'in', ids)
      .where('conversationMember.accountId', '<>', viewerId)
      .orderBy('account.name')
      .execute(),
    lastIds.length ? messageRows(ctx).where('message.id', 'in', lastIds).execute() : Promise.resolve([] as MessageRow[]),
    unreadIn(ctx.db, viewerId, ids),
  ])
  const blocks = await blocksWith(ctx.db, viewerId, people.map((p) => p.id))
  const lastById = new Map(lasts.map((m) => [m.id, m]))
  return convs.map((c) => {
    const inIt = people.filter((p) => p.conversationId === c.id)
    const last = c.lastMessageId ? lastById.get(c.lastMessageId) : undefined
    return conversationView(c, {
      participants: inIt.map((p) => ({ handle: p.handle, name: p.name })),
      lastMessage: last ? messageView(last, viewerId) : null,
      unread: unread.get(c.id) ?? 0,
      // Only a block the viewer made shows: one made against them is never revealed (posting answers 404).
      canPost: !inIt.some((p) => blocks.blocking.has(p.id)),
    })
  })
}

/** Messages with their senders, for a page (one query). */
export function messageRows(ctx: AppContext) {
  return ctx.db
    .selectFrom('message')
    .leftJoin('account', 'account.id', 'message.senderId')
    .select(['message.id', 'message.conversationId', 'message.body', 'message.senderId', 'message.createdAt', 'account.handle as senderHandle', 'account.name as senderName'])
}
