import type { AccountExport } from '../../../../shared/src/api/account.js'
import type { AppContext } from '../../context.js'

/**
 * The export's messages part (services/accounts/export.ts): every conversation the member is in
 * (requests and declined ones too), its members, and all its messages in order — the others'
 * as well, since the member received them. Loaded in three queries, then grouped.
 */
export async function exportConversations(ctx: AppContext, accountId: string): Promise<AccountExport['conversations']> {
  const mine = await ctx.db
    .selectFrom('conversationMember as cm')
    .innerJoin('conversation as c', 'c.id', 'cm.conversationId')
    .select(['c.id', 'c.isGroup', 'cm.state', 'c.createdAt'])
    .where('cm.accountId', '=', accountId)
    .orderBy('c.createdAt')
    .orderBy('c.id')
    .execute()
  if (!mine.length) return []
  const ids = mine.map((c) => c.id)
  const [members, messages] = await Promise.all([
    ctx.db
      .selectFrom('conversationMember as cm')
      .innerJoin('account as a', 'a.id', 'cm.accountId')
      .select(['cm.conversationId', 'a.handle', 'a.name'])
      .where('cm.conversationId', 'in', ids)
      .orderBy('a.handle')
      .execute(),
    ctx.db
      .selectFrom('message as m')
      .leftJoin('account as a', 'a.id', 'm.senderId')
      .select(['m.conversationId', 'a.handle', 'm.body', 'm.createdAt'])
      .where('m.conversationId', 'in', ids)
      .orderBy('m.id')
      .execute(),
  ])
  return mine.map((c) => ({
    id: c.id,
    group: c.isGroup,
    state: c.state,
    members: members.filter((m) => m.conversationId === c.id).map((m) => ({ handle: m.handle, name: m.name })),
    messages: messages.filter((m) => m.conversationId === c.id).map((m) => ({ from: m.handle, body: m.body, sentAt: m.createdAt.toISOString() })),
  }))
}
