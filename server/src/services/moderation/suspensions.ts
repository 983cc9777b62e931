import { dayOf } from '../../clock.js'
import type { AppContext } from '../../context.js'
import { AppError } from '../../errors.js'

export class SuspendedError extends AppError {
  override name = 'SuspendedError'
  constructor(until: string) {
    super(403, 'suspended', 'Account suspended', `A moderator suspended this account until ${until}.`)
  }
}

/**
 * Sign-in (after the password or second factor is right, so the answer says nothing to someone
 * without them) is refused while a suspension runs: through the day before `suspended_until`.
 */
export async function assertNotSuspended(ctx: AppContext, accountId: string): Promise<void> {
  const row = await ctx.db.selectFrom('account').select('suspendedUntil').where('id', '=', accountId).executeTakeFirst()
  const today = dayOf(ctx.clock.now())
  if (row?.suspendedUntil && row.suspendedUntil > today) throw new SuspendedError(row.suspendedUntil)
}
