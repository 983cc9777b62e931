import type { AppContext } from '../../context.js'
import { BadCredentialsError } from '../../errors.js'
import { findAccountByEmail } from '../accounts/accounts.js'
import { dummyPasswordHash, verifyPassword } from '../accounts/passwords.js'
import { loginSucceeded, reserveLoginAttempt } from './login-throttle.js'
import { makeChallenge, readChallenge, SecondFactorRequiredError } from '../totp/challenge.js'
import { checkSecondFactor, totpEnabled } from '../totp/totp.js'
import { createSession } from './sessions.js'
import { assertNotSuspended } from '../moderation/suspensions.js'

/**
 * Takes the attempt's slot in the throttle first (login-throttle.ts), then checks the password; a success opens a session — or, when the account has a
 * second factor, answers 401 second_factor_required with a challenge for POST /sessions/second-factor.
 */
export async function signIn(ctx: AppContext, email: string, password: string, address: string, userAgent?: string) {
  const slots = await reserveLoginAttempt(ctx, email, address)
  const account = await findAccountByEmail(ctx, email)
  const ok = await verifyPassword(account?.passwordHash ?? (await dummyPasswordHash()), password)
  // A failure keeps its slots: they are the failure's record.
  if (!account || !ok) throw new BadCredentialsError()
  await loginSucceeded(ctx, email, address, slots)
  await assertNotSuspended(ctx, account.id)
  if (await totpEnabled(ctx, account.id)) throw new SecondFactorRequiredError(makeChallenge(ctx, account.id, account.passwordHash))
  const session = await createSession(ctx, account.id, userAgent)
  return { account: { id: account.id, handle: account.handle }, ...session }
}

/** The second step: a challenge from the password step and a code; wrong codes are throttled per account (totp.ts). */
export async function completeSecondFactor(ctx: AppContext, challenge: string, code: string, userAgent?: string) {
  const accountId = await readChallenge(ctx, challenge)
  await checkSecondFactor(ctx, accountId, code)
  await assertNotSuspended(ctx, accountId)
  const { handle } = await ctx.db.selectFrom('account').select('handle').where('id', '=', accountId).executeTakeFirstOrThrow()
  const session = await createSession(ctx, accountId, userAgent)
  return { account: { id: accountId, handle }, ...session }
}
