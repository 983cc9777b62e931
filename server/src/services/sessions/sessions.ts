import crypto from 'node:crypto'
import { SESSION_LIFETIME_DAYS } from '../../../../shared/src/api/limits.js'
import { type AppContext, addDays, dayOf } from '../../context.js'
import { isVerifiedReader } from '../talk/reader-rule.js'
import { deviceLabel } from './device.js'

export const SESSION_COOKIE = 'wc_session'

export interface SessionInfo {
  sessionId: string
  accountId: string
  /** Set when this request slid the expiry: the cookie must be sent again. */
  renewedToken: string | null
  /** Whether the account may read Work Talk (talk/reader-rule.ts), as of this request. */
  verifiedReader: boolean
}

/** SHA-256 of a bearer token: what is stored of session cookies and password reset links. */
export function hashToken(token: string): Buffer {
  return crypto.createHash('sha256').update(token).digest()
}

/**
 * A new session: a random 256-bit token for the cookie; only its SHA-256 is stored. The device
 * label (browser and system family from `userAgent`) is written here, once; the User-Agent is not kept.
 */
export async function createSession(ctx: AppContext, accountId: string, userAgent?: string): Promise<{ token: string; sessionId: string }> {
  const device = deviceLabel(userAgent)
  const token = crypto.randomBytes(32).toString('base64url')
  const today = dayOf(ctx.clock.now())
  const row = await ctx.db
    .insertInto('session')
    .values({ accountId, tokenHash: hashToken(token), createdOn: today, lastUsedOn: today, expiresOn: addDays(today, SESSION_LIFETIME_DAYS), deviceBrowser: device.browser, deviceOs: device.os })
    .returning('id')
    .executeTakeFirstOrThrow()
  return { token, sessionId: row.id }
}

/**
 * The session a cookie token names, or null. Expiry slides: on the first use of a new day the
 * session is extended to SESSION_LIFETIME_DAYS from today. Use is recorded by day, never by time,
 * and not at the moment of use: the day is noted and written with others later (touches.ts).
 */
export async function resolveSession(ctx: AppContext, token: string): Promise<SessionInfo | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null
  const today = dayOf(ctx.clock.now())
  const tokenHash = hashToken(token)
  // From the session cache while nothing about sessions or verifications was written (session-cache.ts).
  const row = await ctx.sessionReads.get(
    tokenHash.toString('base64url'),
    () =>
      ctx.db
        .selectFrom('session')
        .select((eb) => ['id', 'accountId', 'lastUsedOn', 'expiresOn', isVerifiedReader(eb.ref('session.accountId')).as('verifiedReader')])
        .where('tokenHash', '=', tokenHash)
        .executeTakeFirst(),
    (found) => found !== undefined,
  )
  if (!row) return null
  // A day of use not yet written (touches.ts writes it after the day) already slid the expiry.
  const pending = ctx.sessionTouches.pendingDay(row.id)
  const expiresOn = pending !== null && pending > row.lastUsedOn ? addDays(pending, SESSION_LIFETIME_DAYS) : row.expiresOn
  if (expiresOn <= today) {
    await ctx.db.deleteFrom('session').where('id', '=', row.id).execute()
    return null
  }
  let renewedToken: string | null = null
  if (row.lastUsedOn !== today && !ctx.sessionTouches.noted(row.id, today)) {
    ctx.sessionTouches.note(row.id, today)
    renewedToken = token
  }
  return { sessionId: row.id, accountId: row.accountId, renewedToken, verifiedReader: row.verifiedReader }
}

export async function endSession(ctx: AppContext, sessionId: string): Promise<void> {
  await ctx.db.deleteFrom('session').where('id', '=', sessionId).execute()
}
