import { sql } from 'kysely'
import { TALK_TOKENS } from '../../../../shared/src/api/limits.js'
import { type AppContext, dayOf } from '../../context.js'
import { AppError } from '../../errors.js'
import { blindSignNative } from './crypto/blind-sign.js'
import { epochOf, type Purpose } from '../../../../shared/src/talk/epochs.js'
import { isCurrentEmployment, isFormerEmployment } from '../verifications/membership.js'
import { drawnFromMerged, isIssuing, loadKey } from './keys.js'

export class NotVerifiedError extends AppError {
  override name = 'NotVerifiedError'
  constructor() {
    super(403, 'not_verified', 'Not verified for this key', 'Tokens from this key are for verified members of its company (or, for the shared key, any verified member).')
  }
}
export class QuotaExceededError extends AppError {
  override name = 'QuotaExceededError'
  constructor(quota: number, retryAfterSeconds: number) {
    super(429, 'quota_exceeded', 'Token quota reached', `At most ${quota} tokens per key and epoch; the next epoch's key brings new ones.`, {
      'retry-after': String(retryAfterSeconds),
    })
  }
}

/** Seconds until the next epoch of a purpose begins (when a new key, and a new quota, comes). */
function secondsToNextEpoch(purpose: Purpose, now: Date): number {
  let t = Math.ceil(now.getTime() / 3_600_000) * 3_600_000
  while (epochOf(purpose, new Date(t)) === epochOf(purpose, now)) t += 3_600_000
  return Math.max(1, Math.ceil((t - now.getTime()) / 1000))
}
export class UnknownKeyError extends AppError {
  override name = 'UnknownKeyError'
  constructor() {
    super(404, 'unknown_key', 'No such key', 'This key is not in the current key directory.')
  }
}

/**
 * Whether the account may draw tokens from a key: current members for `talk`, former ones for
 * `talk-former`; `react` and `interview` (null keys only) any verified member, current or former,
 * as reading Work Talk does; `review` and `salary` a current or former employee of that company
 * (DESIGN §2: "current and former employees alike").
 */
async function eligible(ctx: AppContext, accountId: string, company: string | null, purpose: Purpose): Promise<boolean> {
  const today = dayOf(ctx.clock.now())
  let q = ctx.db.selectFrom('employment').innerJoin('company', 'company.id', 'employment.companyId').select('employment.id').where('employment.accountId', '=', accountId)
  if (company !== null) q = q.where('company.slug', '=', company)
  if (purpose === 'talk') q = q.where((eb) => isCurrentEmployment(eb, today))
  else if (purpose === 'talk-former') q = q.where((eb) => isFormerEmployment(eb, today))
  return (await q.executeTakeFirst()) !== undefined
}

/**
 * Blind-signs a batch for a verified member. The server learns which key and how many — never
 * the messages it signed (it only ever sees them blinded) — and keeps a counter, nothing more:
 * blinded messages and signatures are neither stored nor logged.
 */
export async function issueTokens(ctx: AppContext, accountId: string, keyId: string, blinded: Uint8Array[]): Promise<Uint8Array[]> {
  const key = await loadKey(ctx, keyId)
  if (!key || !(await isIssuing(ctx, key))) throw new UnknownKeyError()
  const entry = { company: key.companySlug, purpose: key.purpose }
  if (!(await eligible(ctx, accountId, entry.company, entry.purpose))) throw new NotVerifiedError()
  // Sign first: a bad blinded message refuses the whole batch before the counter moves.
  const signatures = blinded.map((m) => blindSignNative(key.privateKey, key.publicKeyObject, m))
  // A merge gives no second quota: what was drawn from the merged company's keys counts here.
  const full = TALK_TOKENS.quota[entry.purpose]
  const quota = full - (await drawnFromMerged(ctx, accountId, key))
  const retryAfter = secondsToNextEpoch(key.purpose, ctx.clock.now())
  if (blinded.length > quota) throw new QuotaExceededError(full, retryAfter)
  const counted = await ctx.db
    .insertInto('talkIssuance')
    .values({ accountId, keyId, issued: blinded.length })
    .onConflict((oc) =>
      oc
        .columns(['accountId', 'keyId'])
        .doUpdateSet({ issued: sql`talk_issuance.issued + excluded.issued` })
        .where(sql<boolean>`talk_issuance.issued + excluded.issued <= ${quota}`),
    )
    .returning('issued')
    .executeTakeFirst()
  if (!counted) throw new QuotaExceededError(full, retryAfter)
  return signatures
}
