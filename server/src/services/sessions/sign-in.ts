import type { AppContext } from '../../context.js'
import { BadCredentialsError } from '../../errors.js'
import { findAccountByEmail } from '../accounts/accounts.js'
import { dummyPasswordHash, verifyPassword } from '../accounts/passwords.js'
import { checkLoginAllowed, clearAccountFailures, recordLoginFailure } from './login-throttle.js'
import { createSession } from './sessions.js'

/** Checks the throttle, then the password; a success opens a session. */
export async function signIn(ctx: AppContext, email: string, password: string, address: string, userAgent?: string) {
  await checkLoginAllowed(ctx, email, address)
  const account = await findAccountByEmail(ctx, email)
  const ok = await verifyPassword(account?.passwordHash ?? (await dummyPasswordHash()), password)
  if (!account || !ok) {
    await recordLoginFailure(ctx, email, address)
    throw new BadCredentialsError()
  }
  await clearAccountFailures(ctx, email)
  const session = await createSession(ctx, account.id, userAgent)
  return { account: { id: account.id, handle: account.handle }, ...session }
}
