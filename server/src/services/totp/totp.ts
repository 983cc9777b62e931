import crypto from 'node:crypto'
import { generateSecret, generateURI, verify } from 'otplib'
import { TOTP } from '../../../../shared/src/api/limits.js'
import { type AppContext, toMinute } from '../../context.js'
import { open, seal } from '../../crypto/box.js'
import { AppError, TooManyAttemptsError } from '../../errors.js'
import type { Limit } from '../limits/rate-limits.js'
import { releaseSlots, takeSlots } from '../limits/slots.js'

export class BadTotpCodeError extends AppError {
  override name = 'BadTotpCodeError'
  constructor() {
    super(400, 'bad_code', 'Wrong code', 'This code is wrong, expired or already used. Wait for the next one.', {}, { reason: 'wrong' })
  }
}

export class TotpStateError extends AppError {
  override name = 'TotpStateError'
  constructor(code: 'totp_enabled' | 'totp_not_pending' | 'totp_not_enabled', detail: string) {
    super(409, code, 'Two-step sign-in', detail)
  }
}

const aad = (accountId: string) => `totp:${accountId}`
const failureLimit = (accountId: string): Limit => ({ scope: 'totp-failure', key: accountId, limit: TOTP.failureLimit, windowS: TOTP.failureWindowS })

/** Whether the account signs in with a second factor. */
export async function totpEnabled(ctx: AppContext, accountId: string): Promise<boolean> {
  const row = await ctx.db.selectFrom('totpCredential').select('enabled').where('accountId', '=', accountId).executeTakeFirst()
  return row?.enabled === true
}

/** Starts (or restarts) enrolment: a new secret, pending until a code confirms it. */
export async function startEnrolment(ctx: AppContext, accountId: string): Promise<{ secret: string; otpauthUrl: string }> {
  if (await totpEnabled(ctx, accountId)) throw new TotpStateError('totp_enabled', 'Two-step sign-in is already on; turn it off first.')
  const { email } = await ctx.db.selectFrom('account').select('email').where('id', '=', accountId).executeTakeFirstOrThrow()
  const secret = generateSecret()
  const secretSealed = seal(ctx.secrets.key('totp-encryption'), Buffer.from(secret), aad(accountId))
  await ctx.db
    .insertInto('totpCredential')
    .values({ accountId, secretSealed, enabled: false, lastUsedMinute: null })
    .onConflict((oc) => oc.column('accountId').doUpdateSet({ secretSealed, enabled: false, lastUsedMinute: null }))
    .execute()
  return { secret, otpauthUrl: generateURI({ issuer: 'Watercooler', label: email, secret, period: TOTP.periodS, digits: TOTP.digits }) }
}

/**
 * Checks a TOTP code. Replay: the minute of the accepted code's time step is stored, and codes of
 * that minute or earlier are refused — a minute, not the step, because account-side times are
 * kept to the minute (DESIGN §4); a second sign-in within one minute waits for the next code. The
 * conditional update makes two concurrent uses of one code accept only one.
 */
async function acceptTotp(ctx: AppContext, accountId: string, code: string, state: 'pending' | 'enabled'): Promise<boolean> {
  const row = await ctx.db.selectFrom('totpCredential').selectAll().where('accountId', '=', accountId).executeTakeFirst()
  if (!row || row.enabled !== (state === 'enabled')) return false
  const secret = open(ctx.secrets.key('totp-encryption'), row.secretSealed, aad(accountId)).toString('utf8')
  const stepsPerMinute = 60 / TOTP.periodS
  const result = await verify({
    secret,
    token: code,
    period: TOTP.periodS,
    digits: TOTP.digits,
    epoch: Math.floor(ctx.clock.now().getTime() / 1000),
    epochTolerance: TOTP.periodS * TOTP.toleranceSteps,
    ...(row.lastUsedMinute && { afterTimeStep: row.lastUsedMinute.getTime() / 1000 / TOTP.periodS + stepsPerMinute - 1 }),
  })
  if (!result.valid || !('timeStep' in result)) return false
  const minute = toMinute(new Date(result.timeStep * TOTP.periodS * 1000))
  const res = await ctx.db
    .updateTable('totpCredential')
    .set({ lastUsedMinute: minute })
    .where('accountId', '=', accountId)
    .where((eb) => eb.or([eb('lastUsedMinute', 'is', null), eb('lastUsedMinute', '<', minute)]))
    .executeTakeFirst()
  return res.numUpdatedRows === 1n
}

const hashRecoveryCode = (ctx: AppContext, accountId: string, code: string) => ctx.secrets.hmac('totp-recovery', `${accountId}:${code}`)

/** Uses up a recovery code: true when it was one of the account's unused ones. */
async function acceptRecoveryCode(ctx: AppContext, accountId: string, code: string): Promise<boolean> {
  const res = await ctx.db.deleteFrom('totpRecoveryCode').where('accountId', '=', accountId).where('codeHash', '=', hashRecoveryCode(ctx, accountId, code)).executeTakeFirst()
  return res.numDeletedRows === 1n
}

/**
 * The one gate for a second-factor code: refuses at once (429) when the account's wrong codes
 * fill the window, counts a wrong one, and throws BadTotpCodeError for it.
 */
async function checkCode(ctx: AppContext, accountId: string, code: string, opts: { state: 'pending' | 'enabled'; recovery: boolean }): Promise<void> {
  // The attempt takes its count before the code is checked (one conditional upsert), so wrong
  // codes sent at once cannot all be checked against a count none of them has moved yet.
  const slots = await takeSlots(ctx, [failureLimit(accountId)], (s) => new TooManyAttemptsError(s))
  const ok = /^\d+$/.test(code) ? await acceptTotp(ctx, accountId, code, opts.state) : opts.recovery && (await acceptRecoveryCode(ctx, accountId, code))
  if (!ok) throw new BadTotpCodeError()
  await releaseSlots(ctx, slots) // a right code was no failure
}

const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789'
function recoveryCode(): string {
  const chars = Array.from(crypto.randomBytes(10), (b) => RECOVERY_ALPHABET[b % RECOVERY_ALPHABET.length]).join('')
  return `${chars.slice(0, 5)}-${chars.slice(5)}`
}

/** Confirms enrolment with a first code: the factor is on, and TOTP.recoveryCodes new recovery codes are returned once. */
export async function confirmEnrolment(ctx: AppContext, accountId: string, code: string): Promise<string[]> {
  const row = await ctx.db.selectFrom('totpCredential').select('enabled').where('accountId', '=', accountId).executeTakeFirst()
  if (!row || row.enabled) throw new TotpStateError('totp_not_pending', 'Start setting up two-step sign-in first.')
  await checkCode(ctx, accountId, code, { state: 'pending', recovery: false })
  const codes = Array.from({ length: TOTP.recoveryCodes }, recoveryCode)
  await ctx.db.transaction().execute(async (tx) => {
    await tx.updateTable('totpCredential').set({ enabled: true }).where('accountId', '=', accountId).execute()
    await tx.deleteFrom('totpRecoveryCode').where('accountId', '=', accountId).execute()
    await tx.insertInto('totpRecoveryCode').values(codes.map((c) => ({ accountId, codeHash: hashRecoveryCode(ctx, accountId, c) }))).execute()
  })
  return codes
}

/** The second sign-in step (and turning the factor off): a current code or an unused recovery code. */
export async function checkSecondFactor(ctx: AppContext, accountId: string, code: string): Promise<void> {
  if (!(await totpEnabled(ctx, accountId))) throw new TotpStateError('totp_not_enabled', 'Two-step sign-in is not on.')
  await checkCode(ctx, accountId, code, { state: 'enabled', recovery: true })
}

export async function disableTotp(ctx: AppContext, accountId: string): Promise<void> {
  await ctx.db.transaction().execute(async (tx) => {
    await tx.deleteFrom('totpRecoveryCode').where('accountId', '=', accountId).execute()
    await tx.deleteFrom('totpCredential').where('accountId', '=', accountId).execute()
  })
}
