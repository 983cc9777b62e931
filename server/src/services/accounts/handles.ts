import { sql } from 'kysely'
import { HANDLE } from '../../../../shared/src/api/limits.js'
import { addDays, type AppContext, dayOf } from '../../context.js'
import { isUniqueViolation } from '../../db/errors.js'
import { AppError } from '../../errors.js'

export class HandleTakenError extends AppError {
  override name = 'HandleTakenError'
  constructor() {
    super(409, 'handle_taken', 'Handle taken', 'Another member has this handle, or had it recently.')
  }
}

export class HandleReservedError extends AppError {
  override name = 'HandleReservedError'
  constructor() {
    super(400, 'handle_reserved', 'Handle reserved', 'This word is reserved for the site; choose another handle.')
  }
}

export class HandleChangeTooSoonError extends AppError {
  override name = 'HandleChangeTooSoonError'
  constructor(retryAfterSeconds: number) {
    super(429, 'handle_change_too_soon', 'Handle changed recently', `A handle can be changed once in ${HANDLE.changeEveryDays} days.`, {
      'retry-after': String(retryAfterSeconds),
    })
  }
}

/** Handles are compared and stored in lower case. */
export function normaliseHandle(handle: string): string {
  return handle.trim().toLowerCase()
}

export function isReservedHandle(handle: string): boolean {
  return (HANDLE.reserved as readonly string[]).includes(normaliseHandle(handle))
}

/**
 * Whether a handle is held: someone's current handle, or someone's old one still kept. The one
 * definition of "taken", used by sign-up's generated handles and by changes.
 */
export async function isHandleHeld(ctx: Pick<AppContext, 'db' | 'clock'>, handle: string, exceptAccountId?: string): Promise<boolean> {
  const h = normaliseHandle(handle)
  const today = dayOf(ctx.clock.now())
  let current = ctx.db.selectFrom('account').select('id').where('handle', '=', h)
  let old = ctx.db.selectFrom('handleHistory').select('accountId as id').where('handle', '=', h).where('keptUntil', '>', today)
  if (exceptAccountId) {
    current = current.where('id', '!=', exceptAccountId)
    old = old.where('accountId', '!=', exceptAccountId)
  }
  return (await current.unionAll(old).executeTakeFirst()) !== undefined
}

/**
 * Gives the account a new handle. The old one is kept for HANDLE.keepOldDays: it answers with the
 * new one and no one else may take it; its owner may take it back. One change per
 * HANDLE.changeEveryDays. Changes run one at a time (an advisory lock), so two members cannot
 * both pass the "not held" check for one handle.
 */
export async function changeHandle(ctx: AppContext, accountId: string, wanted: string): Promise<void> {
  const handle = normaliseHandle(wanted)
  if (isReservedHandle(handle)) throw new HandleReservedError()
  const today = dayOf(ctx.clock.now())
  try {
    await ctx.db.transaction().execute(async (tx) => {
      await sql`select pg_advisory_xact_lock(hashtext('handle_change'))`.execute(tx)
      const account = await tx.selectFrom('account').select(['handle', 'handleChangedOn']).where('id', '=', accountId).executeTakeFirstOrThrow()
      if (account.handle === handle) return
      if (account.handleChangedOn) {
        const nextDay = addDays(account.handleChangedOn, HANDLE.changeEveryDays)
        if (nextDay > today) throw new HandleChangeTooSoonError(Math.max(1, Math.ceil((Date.parse(`${nextDay}T00:00:00Z`) - ctx.clock.now().getTime()) / 1000)))
      }
      if (await isHandleHeld({ db: tx, clock: ctx.clock }, handle, accountId)) throw new HandleTakenError()
      // An expired row of someone else's, or the member's own old handle taken back.
      await tx.deleteFrom('handleHistory').where('handle', '=', handle).execute()
      await tx
        .insertInto('handleHistory')
        .values({ handle: account.handle, accountId, keptUntil: addDays(today, HANDLE.keepOldDays) })
        .onConflict((oc) => oc.column('handle').doUpdateSet({ accountId, keptUntil: addDays(today, HANDLE.keepOldDays) }))
        .execute()
      await tx.updateTable('account').set({ handle, handleChangedOn: today }).where('id', '=', accountId).execute()
    })
  } catch (err) {
    if (isUniqueViolation(err, 'account_handle_key')) throw new HandleTakenError()
    throw err
  }
}

/** The current handle an old, still-kept handle points to; null when the handle is not an old one. */
export async function movedHandle(ctx: AppContext, handle: string): Promise<string | null> {
  const row = await ctx.db
    .selectFrom('handleHistory')
    .innerJoin('account', 'account.id', 'handleHistory.accountId')
    .select('account.handle')
    .where('handleHistory.handle', '=', normaliseHandle(handle))
    .where('handleHistory.keptUntil', '>', dayOf(ctx.clock.now()))
    .executeTakeFirst()
  return row?.handle ?? null
}
