import { sql } from 'kysely'
import { LIMITS, NETWORK } from '../../../../shared/src/api/limits.js'
import type { AppContext } from '../../context.js'
import { cursorText } from '../cursor-fields.js'
import { decodeCursor, encodeCursor, pageOf } from './cursor.js'
import { mutualIds } from './graph.js'

/** A page (by name) of the connections the viewer shares with another member, and how many there are. */
export async function listMutual(ctx: AppContext, viewerId: string, otherId: string, cursor?: string) {
  const after = decodeCursor('mutual', cursor)
  let q = ctx.db
    .selectFrom('account')
    .innerJoin('profile', 'profile.accountId', 'account.id')
    .select(['account.id', 'account.handle', 'account.name', 'profile.headline'])
    .where(sql<boolean>`account.id in (${mutualIds(viewerId, otherId)})`)
    .orderBy('account.name')
    .orderBy('account.id')
    .limit(NETWORK.pageSize + 1)
  if (after) q = q.where((eb) => eb(eb.refTuple('account.name', 'account.id'), '>', eb.tuple(cursorText(after.key, LIMITS.nameLength), after.id)))
  const [rows, total] = await Promise.all([
    q.execute(),
    sql<{ n: string }>`select count(*) as n from (${mutualIds(viewerId, otherId)}) m`.execute(ctx.db),
  ])
  const page = pageOf(rows, NETWORK.pageSize, (r) => encodeCursor('mutual', r.name, r.id))
  return { ...page, total: Number(total.rows[0]?.n ?? 0) }
}
