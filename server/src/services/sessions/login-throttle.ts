import { LOGIN_FAILURE_LIMIT, LOGIN_FAILURE_WINDOW_MS } from '../../../../shared/src/api/limits.js'
import { type AppContext, toMinute } from '../../context.js'
import { TooManyAttemptsError } from '../../errors.js'
import { normaliseEmail } from '../accounts/accounts.js'

/**
 * Failed sign-ins are counted per account (by e-mail, whether or not it exists, so the answer
 * does not reveal which e-mails have accounts) and per client address. Counters live in the
 * database so every server process sees the same ones. Keys are HMACs: no e-mail or IP is stored.
 */
function keys(ctx: AppContext, email: string, address: string): Buffer[] {
  return [
    ctx.secrets.hmac('login-throttle', `account:${normaliseEmail(email)}`),
    ctx.secrets.hmac('login-throttle', `address:${address}`),
  ]
}

/** Throws TooManyAttemptsError (429, Retry-After) when either counter is full. */
export async function checkLoginAllowed(ctx: AppContext, email: string, address: string): Promise<void> {
  const now = ctx.clock.now()
  const since = new Date(now.getTime() - LOGIN_FAILURE_WINDOW_MS)
  const rows = await ctx.db
    .selectFrom('loginFailure')
    .select(['keyHash', (eb) => eb.fn.countAll<string>().as('failures'), (eb) => eb.fn.min('failedAt').as('oldest')])
    .where('keyHash', 'in', keys(ctx, email, address))
    .where('failedAt', '>', since)
    .groupBy('keyHash')
    .execute()
  let retryAfterMs = 0
  for (const row of rows) {
    if (Number(row.failures) < LOGIN_FAILURE_LIMIT) continue
    // Exact when the oldest failure leaves the window; a conservative bound either way.
    retryAfterMs = Math.max(retryAfterMs, new Date(row.oldest).getTime() + LOGIN_FAILURE_WINDOW_MS - now.getTime())
  }
  if (retryAfterMs > 0) throw new TooManyAttemptsError(Math.max(1, Math.ceil(retryAfterMs / 1000)))
}

export async function recordLoginFailure(ctx: AppContext, email: string, address: string): Promise<void> {
  const now = ctx.clock.now()
  await ctx.db
    .insertInto('loginFailure')
    .values(keys(ctx, email, address).map((keyHash) => ({ keyHash, failedAt: toMinute(now) })))
    .execute()
  await ctx.db.deleteFrom('loginFailure').where('failedAt', '<=', new Date(now.getTime() - LOGIN_FAILURE_WINDOW_MS)).execute()
}

/** A successful sign-in clears the account's counter (the address keeps its own). */
export async function clearAccountFailures(ctx: AppContext, email: string): Promise<void> {
  await ctx.db.deleteFrom('loginFailure').where('keyHash', '=', ctx.secrets.hmac('login-throttle', `account:${normaliseEmail(email)}`)).execute()
}
