import type { AppContext } from '../../context.js'
import { BadCredentialsError } from '../../errors.js'
import { findAccountByEmail } from '../accounts/accounts.js'
import { dummyPasswordHash, verifyPassword } from '../accounts/passwords.js'
import { checkLoginAllowed, clearAccountFailures, recordLoginFailure } from './login-throttle.js'
import { makeChallenge, readChallenge, SecondFactorRequiredError } from '../totp/challenge.js'
import { checkSecondFactor, totpEnabled } from '../totp/totp.js'
import { createSession } from './sessions.js'

/**
 * Checks the throttle, then the password; a success opens a session — or, when the account has a
 * second factor, answers 401 second_factor_required with a challenge for POST /sessions/second-factor.
 */
export async function signIn(ctx: AppContext, email: string, password: string, address: string, userAgent?: string) {
  await checkLoginAllowed(ctx, email, address)
  const account = await findAccountByEmail(ctx, email)
  const ok = await verifyPassword(account?.passwordHash ?? (await dummyPasswordHash()), password)
  if (!account || !ok) {
    await recordLoginFailure(ctx, email, address)
    throw new BadCredentialsError()
  }
  await clearAccountFailures(ctx, email)
  if (await totpEnabled(ctx, account.id)) throw new SecondFactorRequiredError(makeChallenge(ctx, account.id, account.passwordHash))
  const session = await createSession(ctx, account.id, userAgent)
  return { account: { id: account.id, handle: account.handle }, ...session }
}

/** The second step: a challenge from the password step and a code; wrong codes are throttled per account (totp.ts). */
export async function completeSecondFactor(ctx: AppContext, challenge: string, code: string, userAgent?: string) {
  const accountId = await readChallenge(ctx, challenge)
  await checkSecondFactor(ctx, accountId, code)
  const { handle } = await ctx.db.selectFrom('account').select('handle').where('id', '=', accountId).executeTakeFirstOrThrow()
  const session = await createSession(ctx, accountId, userAgent)
  return { account: { id: accountId, handle }, ...session }
}
