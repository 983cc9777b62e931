import type { AccountExport } from '../../../../shared/src/api/account.js'
import { type AppContext, dayOf } from '../../context.js'

/** The export's network parts (services/accounts/export.ts): one's own rows, by account id. */
export async function exportConnections(ctx: AppContext, accountId: string): Promise<AccountExport['connections']> {
  const rows = await ctx.db
    .selectFrom('connection as c')
    .innerJoin('account as o', (j) => j.on((eb) => eb.or([eb.and([eb('c.requesterId', '=', accountId), eb('o.id', '=', eb.ref('c.addresseeId'))]), eb.and([eb('c.addresseeId', '=', accountId), eb('o.id', '=', eb.ref('c.requesterId'))])])))
    .select(['o.handle', 'o.name', 'c.state', 'c.requesterId', 'c.note', 'c.createdAt', 'c.acceptedAt'])
    .where((eb) => eb.or([eb('c.requesterId', '=', accountId), eb('c.addresseeId', '=', accountId)]))
    .orderBy('c.createdAt')
    .orderBy('o.handle')
    .execute()
  return rows.map((r) => ({
    member: { handle: r.handle, name: r.name },
    state: r.state === 'accepted' ? 'connected' : r.requesterId === accountId ? 'invitation-sent' : 'invitation-received',
    note: r.note,
    since: dayOf(r.acceptedAt ?? r.createdAt),
  }))
}

export async function exportFollows(ctx: AppContext, accountId: string): Promise<AccountExport['follows']> {
  const rows = await ctx.db
    .selectFrom('follow as f')
    .leftJoin('account as m', 'm.id', 'f.followeeId')
    .leftJoin('company as co', 'co.id', 'f.companyId')
    .select(['m.handle', 'm.name', 'co.slug', 'co.name as companyName', 'f.createdAt'])
    .where('f.followerId', '=', accountId)
    .orderBy('f.createdAt')
    .orderBy('f.id')
    .execute()
  return rows.map((r) => ({
    member: r.handle && r.name ? { handle: r.handle, name: r.name } : null,
    company: r.slug && r.companyName ? { slug: r.slug, name: r.companyName } : null,
    since: dayOf(r.createdAt),
  }))
}

export async function exportBlocks(ctx: AppContext, accountId: string): Promise<AccountExport['blocks']> {
  const rows = await ctx.db
    .selectFrom('memberBlock as b')
    .innerJoin('account as m', 'm.id', 'b.blockedId')
    .select(['m.handle', 'm.name', 'b.createdAt'])
    .where('b.blockerId', '=', accountId)
    .orderBy('b.createdAt')
    .orderBy('m.handle')
    .execute()
  return rows.map((r) => ({ member: { handle: r.handle, name: r.name }, since: dayOf(r.createdAt) }))
}
