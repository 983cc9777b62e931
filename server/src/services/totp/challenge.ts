import crypto from 'node:crypto'
import { TOTP } from '../../../../shared/src/api/limits.js'
import type { AppContext } from '../../context.js'
import { AppError } from '../../errors.js'

export class SecondFactorRequiredError extends AppError {
  override name = 'SecondFactorRequiredError'
  constructor(challenge: string) {
    super(401, 'second_factor_required', 'Enter your sign-in code', 'The password is right; now the code from your authenticator app (or a recovery code).', {}, { challenge })
  }
}

export class BadChallengeError extends AppError {
  override name = 'BadChallengeError'
  constructor() {
    super(401, 'bad_challenge', 'Sign in again', 'This sign-in has expired or is not valid; enter your password again.')
  }
}

/**
 * The password step's proof, carried by the client to the second step: nothing is stored. It
 * names the account and an expiry, and its MAC covers the account's password hash, so a password
 * change voids every outstanding challenge.
 */
function mac(ctx: AppContext, payload: string, passwordHash: string): string {
  return ctx.secrets.hmac('totp-challenge', `${payload}\n${passwordHash}`).toString('base64url')
}

export function makeChallenge(ctx: AppContext, accountId: string, passwordHash: string): string {
  const expires = Math.floor(ctx.clock.now().getTime() / 1000) + TOTP.challengeLifetimeS
  const payload = Buffer.from(JSON.stringify({ a: accountId, x: expires })).toString('base64url')
  return `${payload}.${mac(ctx, payload, passwordHash)}`
}

/** The account a challenge names, or BadChallengeError (forged, expired, or the password changed since). */
export async function readChallenge(ctx: AppContext, challenge: string): Promise<string> {
  const [payload, tag, extra] = challenge.split('.')
  if (!payload || !tag || extra !== undefined) throw new BadChallengeError()
  let claims: { a?: unknown; x?: unknown }
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as typeof claims
  } catch {
    throw new BadChallengeError()
  }
  if (typeof claims.a !== 'string' || !/^[0-9a-f-]{36}$/.test(claims.a) || typeof claims.x !== 'number') throw new BadChallengeError()
  if (claims.x * 1000 <= ctx.clock.now().getTime()) throw new BadChallengeError()
  const row = await ctx.db.selectFrom('account').select('passwordHash').where('id', '=', claims.a).executeTakeFirst()
  if (!row) throw new BadChallengeError()
  const expected = Buffer.from(mac(ctx, payload, row.passwordHash))
  const given = Buffer.from(tag)
  if (expected.length !== given.length || !crypto.timingSafeEqual(expected, given)) throw new BadChallengeError()
  return claims.a
}
