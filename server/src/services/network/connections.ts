import { type Kysely, sql } from 'kysely'
import { NETWORK } from '../../../../shared/src/api/limits.js'
import type { ConnectionState, CreateConnection } from '../../../../shared/src/api/network.js'
import { toMinute } from '../../clock.js'
import type { AppContext } from '../../context.js'
import type { DB } from '../../db/schema.js'
import { NotFoundError } from '../../errors.js'
import { hitRateLimit } from '../limits/rate-limits.js'
import { notify } from '../notifications/notify.js'
import { cursorTime } from '../cursor-fields.js'
import { decodeCursor, encodeCursor, pageOf } from './cursor.js'
import { AlreadyConnectedError, InvitationPendingError, TooManyPendingError } from './errors.js'
import { memberToActOn } from './members.js'

const DAY_S = 24 * 60 * 60


/** The one row of a pair, whichever way the invitation went. */
export async function pairRow(db: Kysely<DB>, a: string, b: string) {
  return db
    .selectFrom('connection')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb.and([eb('requesterId', '=', a), eb('addresseeId', '=', b)]),
        eb.and([eb('requesterId', '=', b), eb('addresseeId', '=', a)]),
      ]),
    )
    .executeTakeFirst()
}

/** How a connection row looks from one side of it. */
export function stateFor(row: { state: 'pending' | 'accepted'; requesterId: string }, viewerId: string): ConnectionState {
  if (row.state === 'accepted') return 'accepted'
  return row.requesterId === viewerId ? 'outgoing' : 'incoming'
}

/**
 * Invites a member. Inviting someone who already invited you accepts their invitation (answered
 * as `accepted`). Checks first (who, the pair's row, the pending cap), then the daily counter —
 * so a refused invitation does not use up the day — then one insert that the pair index guards.
 */
export async function invite(ctx: AppContext, viewerId: string, input: CreateConnection): Promise<{ id: string; state: ConnectionState; created: boolean }> {
  const other = await memberToActOn(ctx, viewerId, input.handle, 'connect with')
  for (let attempt = 0; attempt < 2; attempt++) {
    const existing = await pairRow(ctx.db, viewerId, other.id)
    if (existing) {
      if (existing.state === 'accepted') throw new AlreadyConnectedError()
      if (existing.requesterId === viewerId) throw new InvitationPendingError()
      await acceptRow(ctx, existing.id)
      await notify(ctx, other.id, { kind: 'acceptance', actorId: viewerId, targetId: existing.id })
      return { id: existing.id, state: 'accepted', created: false }
    }
    const pending = await ctx.db
      .selectFrom('connection')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('requesterId', '=', viewerId)
      .where('state', '=', 'pending')
      .executeTakeFirstOrThrow()
    if (Number(pending.n) >= NETWORK.maxPendingOutgoing) throw new TooManyPendingError(NETWORK.maxPendingOutgoing)
    if (attempt === 0) await hitRateLimit(ctx, { scope: 'invitations', key: viewerId, limit: NETWORK.invitationsPerDay, windowS: DAY_S })
    const note = input.note?.trim() || null
    const row = await ctx.db
      .insertInto('connection')
      .values({ requesterId: viewerId, addresseeId: other.id, state: 'pending', note, createdAt: toMinute(ctx.clock.now()) })
      // The pair index: a concurrent invitation the other way wins, and the loop answers as above.
      .onConflict((oc) => oc.doNothing())
      .returning('id')
      .executeTakeFirst()
    if (row) {
      await notify(ctx, other.id, { kind: 'invitation', actorId: viewerId, targetId: row.id })
      return { id: row.id, state: 'outgoing', created: true }
    }
  }
  throw new InvitationPendingError()
}

async function acceptRow(ctx: AppContext, id: string): Promise<void> {
  await ctx.db.updateTable('connection').set({ state: 'accepted', acceptedAt: toMinute(ctx.clock.now()), ignored: false }).where('id', '=', id).execute()
}

/** A row the viewer is a party to, or 404 (another pair's row does not exist for them). */
async function ownRow(ctx: AppContext, viewerId: string, id: string) {
  const row = await ctx.db
    .selectFrom('connection')
    .selectAll()
    .where('id', '=', id)
    .where((eb) => eb.or([eb('requesterId', '=', viewerId), eb('addresseeId', '=', viewerId)]))
    .executeTakeFirst()
  if (!row) throw new NotFoundError('invitation')
  return row
}

/** The addressee accepts a pending invitation (an ignored one too). */
export async function accept(ctx: AppContext, viewerId: string, id: string): Promise<void> {
  const row = await ownRow(ctx, viewerId, id)
  if (row.state === 'accepted') throw new AlreadyConnectedError()
  if (row.addresseeId !== viewerId) throw new NotFoundError('invitation')
  await acceptRow(ctx, id)
  await notify(ctx, row.requesterId, { kind: 'acceptance', actorId: viewerId, targetId: id })
}

/**
 * The addressee ignores an invitation: it leaves their list; the sender is not told — for them it
 * stays pending (so ignoring reveals nothing, and the sender cannot simply invite again). The
 * addressee can still accept it, or connect from the sender's profile, which accepts it.
 */
export async function ignore(ctx: AppContext, viewerId: string, id: string): Promise<void> {
  const row = await ownRow(ctx, viewerId, id)
  if (row.state !== 'pending' || row.addresseeId !== viewerId) throw new NotFoundError('invitation')
  await ctx.db.updateTable('connection').set({ ignored: true }).where('id', '=', id).execute()
}

/**
 * DELETE /connections/{id}: the sender withdraws a pending invitation; either side removes an
 * accepted connection. The addressee "deleting" an invitation ignores it, so that declining and
 * ignoring look the same to the sender.
 */
export async function remove(ctx: AppContext, viewerId: string, id: string): Promise<void> {
  const row = await ownRow(ctx, viewerId, id)
  if (row.state === 'pending' && row.addresseeId === viewerId) return ignore(ctx, viewerId, id)
  await ctx.db.deleteFrom('connection').where('id', '=', id).execute()
}

/** A page of the viewer's connections, invitations received (not ignored) or sent; newest first. */
export async function listConnections(ctx: AppContext, viewerId: string, state: ConnectionState, cursor?: string) {
  const after = decodeCursor(`connections:${state}`, cursor)
  const sortCol = state === 'accepted' ? 'connection.acceptedAt' : 'connection.createdAt'
  let q = ctx.db
    .selectFrom('connection')
    .innerJoin('account', (j) =>
      j.on(sql<boolean>`account.id = case when connection.requester_id = ${viewerId} then connection.addressee_id else connection.requester_id end`),
    )
    .innerJoin('profile', 'profile.accountId', 'account.id')
    .select([
      'connection.id',
      'connection.state',
      'connection.requesterId',
      'connection.note',
      'connection.createdAt',
      'connection.acceptedAt',
      'account.id as personId',
      'account.handle',
      'account.name',
      'profile.headline',
    ])
    .orderBy(sortCol, 'desc')
    .orderBy('connection.id', 'desc')
    .limit(NETWORK.pageSize + 1)
  if (state === 'accepted') q = q.where('connection.state', '=', 'accepted').where((eb) => eb.or([eb('connection.requesterId', '=', viewerId), eb('connection.addresseeId', '=', viewerId)]))
  if (state === 'incoming') q = q.where('connection.state', '=', 'pending').where('connection.addresseeId', '=', viewerId).where('connection.ignored', '=', false)
  if (state === 'outgoing') q = q.where('connection.state', '=', 'pending').where('connection.requesterId', '=', viewerId)
  if (after) q = q.where((eb) => eb(eb.refTuple(sortCol, 'connection.id'), '<', eb.tuple(cursorTime(after.key), after.id)))
  const rows = await q.execute()
  return pageOf(rows, NETWORK.pageSize, (r) => encodeCursor(`connections:${state}`, (state === 'accepted' ? r.acceptedAt! : r.createdAt).toISOString(), r.id))
}
export type ListedConnection = Awaited<ReturnType<typeof listConnections>>['rows'][number]
