import { SESSIONS_LISTED } from '../../../../shared/src/api/limits.js'
import type { AppContext } from '../../context.js'
import { NotFoundError } from '../../errors.js'

/**
 * A member's signed-in devices: one row per session, with its coarse label and its days. The day
 * of last use may still be waiting in this process's memory (touches.ts writes it after the day);
 * the later of the two is shown.
 */
export async function listSessions(ctx: AppContext, accountId: string) {
  const rows = await ctx.db
    .selectFrom('session')
    .select(['id', 'deviceBrowser', 'deviceOs', 'createdOn', 'lastUsedOn'])
    .where('accountId', '=', accountId)
    .where('expiresOn', '>', ctx.clock.now().toISOString().slice(0, 10))
    .orderBy('lastUsedOn', 'desc')
    .orderBy('createdOn', 'desc')
    .orderBy('id')
    .limit(SESSIONS_LISTED)
    .execute()
  return rows.map((r) => {
    const pending = ctx.sessionTouches.pendingDay(r.id)
    return { ...r, lastUsedOn: pending !== null && pending > r.lastUsedOn ? pending : r.lastUsedOn }
  })
}
export type SessionListRow = Awaited<ReturnType<typeof listSessions>>[number]

/** Signs one of the member's own sessions out; another account's session is "not found". */
export async function endOwnSession(ctx: AppContext, accountId: string, sessionId: string): Promise<void> {
  const res = await ctx.db.deleteFrom('session').where('id', '=', sessionId).where('accountId', '=', accountId).executeTakeFirst()
  if (Number(res.numDeletedRows) === 0) throw new NotFoundError('session')
}

/** Signs out everywhere but here. */
export async function endOtherSessions(ctx: AppContext, accountId: string, keepSessionId: string): Promise<number> {
  const res = await ctx.db.deleteFrom('session').where('accountId', '=', accountId).where('id', '!=', keepSessionId).executeTakeFirst()
  return Number(res.numDeletedRows)
}
