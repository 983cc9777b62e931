import crypto from 'node:crypto'
import type { Language } from '../../../../shared/src/api/accounts.js'
import { PASSWORD_RESET } from '../../../../shared/src/api/limits.js'
import { type AppContext, toMinute } from '../../context.js'
import { AppError, WeakPasswordError } from '../../errors.js'
import { passwordResetMail } from '../../mail/templates.js'
import { hitRateLimit, RateLimitedError } from '../limits/rate-limits.js'
import { hashToken } from '../sessions/sessions.js'
import { normaliseEmail } from './accounts.js'
import { hashPassword, isCommonPassword } from './passwords.js'

/** 400 for a reset token that is unknown, already used, replaced or expired: one code, on purpose. */
export class BadResetTokenError extends AppError {
  override name = 'BadResetTokenError'
  constructor() {
    super(400, 'bad_reset_token', 'This reset link does not work', 'The link is wrong, was already used, or has expired. Ask for a new one.')
  }
}

const HOUR_S = 60 * 60

/**
 * Asks for a reset link. The answer must not say whether the address has an account, so both
 * paths do the same work before it: the per-address counter is kept for every address (an HMAC,
 * so the table holds none of them), the account is looked up, a token is made and hashed. Storing
 * the link and mailing it happen after the answer (`background`, which the route does not await).
 * Past the per-address limit nothing is stored or mailed and the answer is still the same; past
 * the per-IP limit the answer is 429 — that is about the asker, so it says nothing of the address.
 */
export async function requestPasswordReset(ctx: AppContext, email: string, ip: string): Promise<{ background: Promise<void> } | null> {
  await hitRateLimit(ctx, { scope: 'password-reset-ip', key: ip, limit: PASSWORD_RESET.requestsPerIpPerHour, windowS: HOUR_S })
  const address = normaliseEmail(email)
  let mayMail = true
  try {
    await hitRateLimit(ctx, { scope: 'password-reset-address', key: address, limit: PASSWORD_RESET.mailsPerAddressPerHour, windowS: HOUR_S })
  } catch (err) {
    if (!(err instanceof RateLimitedError)) throw err
    mayMail = false
  }
  const account = await ctx.db.selectFrom('account').select(['id', 'email', 'language']).where('emailNormalized', '=', address).executeTakeFirst()
  const token = crypto.randomBytes(PASSWORD_RESET.tokenBytes).toString('base64url')
  const tokenHash = hashToken(token)
  if (!account || !mayMail) return null
  // A write and an SMTP round trip only for existing accounts would time the answers apart.
  return { background: storeAndMail(ctx, account, token, tokenHash) }
}

async function storeAndMail(ctx: AppContext, account: { id: string; email: string; language: string }, token: string, tokenHash: Buffer): Promise<void> {
  const now = ctx.clock.now()
  // To the minute, rounded up: the link lives at least its full 30 minutes (DESIGN §4: no seconds kept).
  const expiresAt = new Date(toMinute(now).getTime() + PASSWORD_RESET.tokenLifetimeMs + (now.getTime() % 60_000 ? 60_000 : 0))
  await ctx.db.transaction().execute(async (tx) => {
    // A new link replaces every earlier one of the account; the row lock keeps two at once from both surviving.
    await tx.selectFrom('account').select('id').where('id', '=', account.id).forUpdate().execute()
    await tx.deleteFrom('passwordReset').where('accountId', '=', account.id).execute()
    await tx.insertInto('passwordReset').values({ accountId: account.id, tokenHash, expiresAt }).execute()
  })
  const url = new URL('/reset-password', ctx.config.publicUrl)
  url.searchParams.set('token', token)
  await ctx.mailer.send({ to: account.email, ...passwordResetMail(account.language as Language, url.toString()) })
}

/**
 * Sets a new password from a reset link. Checks come first and change nothing (a weak password
 * leaves the link usable); then one transaction uses up the link (a second use, even racing this
 * one, finds no row), sets the password, drops every other link of the account and ends EVERY
 * session. Nothing is signed in: the member signs in with the new password.
 */
export async function confirmPasswordReset(ctx: AppContext, token: string, password: string): Promise<void> {
  const tokenHash = hashToken(token)
  const now = ctx.clock.now()
  const link = await ctx.db
    .selectFrom('passwordReset')
    .innerJoin('account', 'account.id', 'passwordReset.accountId')
    .select(['passwordReset.id', 'passwordReset.accountId', 'passwordReset.expiresAt', 'account.email'])
    .where('passwordReset.tokenHash', '=', tokenHash)
    .executeTakeFirst()
  if (!link || link.expiresAt <= now) throw new BadResetTokenError()
  if (isCommonPassword(password, link.email)) throw new WeakPasswordError()
  const passwordHash = await hashPassword(password)
  await ctx.db.transaction().execute(async (tx) => {
    const used = await tx.deleteFrom('passwordReset').where('id', '=', link.id).where('expiresAt', '>', now).returning('id').executeTakeFirst()
    if (!used) throw new BadResetTokenError()
    await tx.updateTable('account').set({ passwordHash }).where('id', '=', link.accountId).execute()
    await tx.deleteFrom('passwordReset').where('accountId', '=', link.accountId).execute()
    await tx.deleteFrom('session').where('accountId', '=', link.accountId).execute()
  })
}

/** Drops expired links (maintenance). */
export async function prunePasswordResets(ctx: AppContext): Promise<number> {
  const res = await ctx.db.deleteFrom('passwordReset').where('expiresAt', '<=', ctx.clock.now()).executeTakeFirst()
  return Number(res.numDeletedRows)
}
