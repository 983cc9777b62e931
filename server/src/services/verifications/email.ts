import crypto from 'node:crypto'
import type { Kysely } from 'kysely'
import type { DB } from '../../db/schema.js'
import type { Language } from '../../../../shared/src/api/accounts.js'
import { EMAIL_VERIFICATION } from '../../../../shared/src/api/limits.js'
import { type AppContext, addDays, dayOf, toMinute } from '../../context.js'
import { AppError, NotFoundError } from '../../errors.js'
import { verificationCodeMail } from '../../mail/templates.js'
import { companyForDomain } from '../companies/companies.js'
import { classifyDomain, normaliseWorkEmail, registrableDomain } from '../companies/domains.js'
import { recordEmployment } from './employments.js'
import { takeSlot } from '../limits/slots.js'

export class FreeEmailDomainError extends AppError {
  override name = 'FreeEmailDomainError'
  constructor() {
    super(422, 'free_email_domain', 'Not a work address', 'This is a free e-mail provider. Use the address your employer gave you.')
  }
}
export class DisposableEmailDomainError extends AppError {
  override name = 'DisposableEmailDomainError'
  constructor() {
    super(422, 'disposable_email_domain', 'Disposable address', 'Disposable e-mail addresses cannot verify an employer.')
  }
}
export class EmailInUseError extends AppError {
  override name = 'EmailInUseError'
  constructor() {
    super(409, 'email_in_use', 'Address already verifies another account', 'This work address already verifies another account.')
  }
}
/** A mailbox verifies one account a year (WORK_EMAIL_CLAIM_DAYS): the yearly review and salary quotas rest on it. */
export class EmailRecentlyUsedError extends AppError {
  override name = 'EmailRecentlyUsedError'
  constructor(until: string) {
    super(409, 'email_in_use', 'Address already verifies another account', `This work address verified another account within the last year; it can verify a different account from ${until}.`)
  }
}
export const WORK_EMAIL_CLAIM_DAYS = 365

/** Another account's claim on this mailbox that still counts, with the day it ends; null when free for this account. */
async function otherClaim(db: Kysely<DB>, hmac: Buffer, accountId: string, today: string): Promise<string | null> {
  const claim = await db.selectFrom('workEmailClaim').select(['accountId', 'claimedOn']).where('emailHmac', '=', hmac).executeTakeFirst()
  if (!claim || claim.accountId === accountId) return null
  const until = addDays(claim.claimedOn, WORK_EMAIL_CLAIM_DAYS)
  return until > today ? until : null
}

export class BadEmailDomainError extends AppError {
  override name = 'BadEmailDomainError'
  constructor() {
    super(422, 'bad_email_domain', 'No such company domain', 'The part after @ is not a domain a company could own.')
  }
}
export class BadCodeError extends AppError {
  override name = 'BadCodeError'
  constructor(reason: 'wrong' | 'expired' | 'used' | 'exhausted', detail: string, triesLeft?: number) {
    super(400, 'bad_code', 'Wrong or expired code', detail, {}, { reason, ...(triesLeft !== undefined && { triesLeft }) })
  }
}
export class RateLimitedError extends AppError {
  override name = 'RateLimitedError'
  constructor(retryAfterSeconds: number, detail: string) {
    super(429, 'rate_limited', 'Too many requests', detail, { 'retry-after': String(retryAfterSeconds) })
  }
}

const codeHash = (ctx: AppContext, verificationId: string, code: string) => ctx.secrets.hmac('work-email', `code:${verificationId}:${code}`)
/** The only form in which a work address is ever stored. */
export const workEmailHmac = (ctx: AppContext, email: string) => ctx.secrets.hmac('work-email', `address:${normaliseWorkEmail(email)}`)

/**
 * Mails a 6-digit code to a work address. In embedded mode (no SMTP_URL) it also hands back the
 * code, which the route logs, marked as such, so a developer without a mail server can verify.
 */
export async function startEmailVerification(ctx: AppContext, accountId: string, email: string): Promise<{ verificationId: string; embeddedModeCode: string | null }> {
  const domain = registrableDomain(email)
  if (!domain) throw new BadEmailDomainError()
  const host = email.trim().toLowerCase().split('@').pop()!
  const kind = classifyDomain(host, domain)
  if (kind === 'disposable') throw new DisposableEmailDomainError()
  if (kind === 'free') throw new FreeEmailDomainError()

  const now = ctx.clock.now()
  const today = dayOf(now)
  const hmac = workEmailHmac(ctx, email)
  const holder = await ctx.db
    .selectFrom('employment')
    .select(['accountId', 'endedOn', 'expiresOn'])
    .where('workEmailHmac', '=', hmac)
    .executeTakeFirst()
  if (holder && holder.accountId !== accountId && holder.endedOn === null && holder.expiresOn > today) throw new EmailInUseError()
  const claimedUntil = await otherClaim(ctx.db, hmac, accountId, today)
  if (claimedUntil) throw new EmailRecentlyUsedError(claimedUntil)

  const verificationId = crypto.randomUUID()
  const code = crypto.randomInt(0, 1_000_000).toString().padStart(6, '0')
  // Both limits are checked and the code recorded in one transaction: the account's row is locked
  // first, so one account's concurrent requests count one after another, and the target's counter
  // is one conditional upsert, so many accounts together cannot pass it either.
  await ctx.db.transaction().execute(async (tx) => {
    await tx.selectFrom('account').select('id').where('id', '=', accountId).forUpdate().executeTakeFirstOrThrow()
    const since = new Date(now.getTime() - EMAIL_VERIFICATION.windowMs)
    const recent = await tx
      .selectFrom('emailVerification')
      .select(['createdAt'])
      .where('accountId', '=', accountId)
      .where('createdAt', '>', since)
      .orderBy('createdAt')
      .execute()
    if (recent.length >= EMAIL_VERIFICATION.requestsPerWindow) {
      const wait = Math.ceil((recent[0]!.createdAt.getTime() + EMAIL_VERIFICATION.windowMs - now.getTime()) / 1000)
      throw new RateLimitedError(Math.max(1, wait), `At most ${EMAIL_VERIFICATION.requestsPerWindow} codes an hour. Try again in ${Math.ceil(wait / 60)} minutes.`)
    }
    // Keyed by the address's HMAC (rate_limit HMACs it again with the scope): the address itself is stored nowhere new.
    const target = await takeSlot(tx, ctx, { scope: 'work-email-target', key: hmac.toString('hex'), limit: EMAIL_VERIFICATION.perTargetPerHour, windowS: EMAIL_VERIFICATION.windowMs / 1000 })
    if ('retryAfterS' in target) {
      const wait = target.retryAfterS
      throw new RateLimitedError(wait, `At most ${EMAIL_VERIFICATION.perTargetPerHour} codes an hour go to one address. Try again in ${Math.ceil(wait / 60)} minutes.`)
    }
    await tx
      .insertInto('emailVerification')
      .values({
        id: verificationId,
        accountId,
        emailHmac: hmac,
        domain,
        codeHash: codeHash(ctx, verificationId, code),
        // Stored to the minute; the expiry rounds up, so a code lives at least its full lifetime.
        createdAt: toMinute(now),
        expiresAt: new Date(toMinute(now).getTime() + EMAIL_VERIFICATION.codeLifetimeMs + (now.getTime() % 60_000 ? 60_000 : 0)),
      })
      .execute()
  })
  const { language } = await ctx.db.selectFrom('account').select('language').where('id', '=', accountId).executeTakeFirstOrThrow()
  const mail = verificationCodeMail(language as Language, code, domain)
  await ctx.mailer.send({ to: email.trim(), ...mail, tag: `verification-${verificationId}` })
  return { verificationId, embeddedModeCode: ctx.mailer.mode === 'outbox' ? code : null }
}

/**
 * Checks a code. Wrong codes count; after the last try, or past 30 minutes, or once used, the
 * verification is dead even for the right code. The right code records the employment.
 */
export async function confirmEmailVerification(ctx: AppContext, accountId: string, verificationId: string, code: string) {
  const now = ctx.clock.now()
  const result = await ctx.db.transaction().execute(async (tx) => {
    const v = await tx
      .selectFrom('emailVerification')
      .selectAll()
      .where('id', '=', verificationId)
      .where('accountId', '=', accountId)
      .forUpdate()
      .executeTakeFirst()
    if (!v) throw new NotFoundError('verification')
    if (v.used) return { error: new BadCodeError('used', 'This code was already used. Ask for a new one.') }
    if (v.expiresAt <= now) return { error: new BadCodeError('expired', 'This code has expired. Ask for a new one.') }
    if (v.attempts >= EMAIL_VERIFICATION.maxAttempts) return { error: new BadCodeError('exhausted', 'Too many wrong tries. Ask for a new code.') }
    const expected = codeHash(ctx, v.id, code)
    if (!crypto.timingSafeEqual(expected, v.codeHash)) {
      const attempts = v.attempts + 1
      await tx.updateTable('emailVerification').set({ attempts }).where('id', '=', v.id).execute()
      const left = EMAIL_VERIFICATION.maxAttempts - attempts
      return {
        error: left > 0 ? new BadCodeError('wrong', `Wrong code. ${left} ${left === 1 ? 'try' : 'tries'} left.`, left) : new BadCodeError('exhausted', 'Wrong code, and that was the last try. Ask for a new code.'),
      }
    }
    const today = dayOf(now)
    // Free the address from an ended or lapsed employment (of anyone), then claim it.
    const holder = await tx.selectFrom('employment').select(['id', 'accountId', 'endedOn', 'expiresOn']).where('workEmailHmac', '=', v.emailHmac).forUpdate().executeTakeFirst()
    if (holder) {
      if (holder.accountId !== accountId && holder.endedOn === null && holder.expiresOn > today) return { error: new EmailInUseError() }
      await tx.updateTable('employment').set({ workEmailHmac: null }).where('id', '=', holder.id).execute()
    }
    await tx.selectFrom('workEmailClaim').select('emailHmac').where('emailHmac', '=', v.emailHmac).forUpdate().execute()
    const claimedUntil = await otherClaim(tx, v.emailHmac, accountId, today)
    if (claimedUntil) return { error: new EmailRecentlyUsedError(claimedUntil) }
    await tx
      .insertInto('workEmailClaim')
      .values({ emailHmac: v.emailHmac, accountId, claimedOn: today })
      .onConflict((oc) => oc.column('emailHmac').doUpdateSet({ accountId, claimedOn: today }))
      .execute()
    const company = await companyForDomain(tx, v.domain, today)
    await recordEmployment(tx, { accountId, companyId: company.id, method: 'email', today, workEmailHmac: v.emailHmac })
    await tx.updateTable('emailVerification').set({ used: true }).where('id', '=', v.id).execute()
    return { company: { slug: company.slug, name: company.name } }
  })
  if ('error' in result) {
    // The attempt counter must persist even though the answer is an error: hence no throw inside.
    throw result.error
  }
  ctx.mailer.discard(`verification-${verificationId}`)
  return result.company
}
