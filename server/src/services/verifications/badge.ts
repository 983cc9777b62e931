import { notify } from '../notifications/notify.js'
import type { Language } from '../../../../shared/src/api/accounts.js'
import { BADGE } from '../../../../shared/src/api/limits.js'
import type { Kysely } from 'kysely'
import type { DB } from '../../db/schema.js'
import { type AppContext, dayOf, toMinute } from '../../context.js'
import { open, seal } from '../../crypto/box.js'
import { AppError, NotFoundError } from '../../errors.js'
import { imageFormatOf as imageFormatOfAny, reencodeImage, UnsupportedImageError } from '../../media/reencode.js'

export { UnsupportedImageError }
import { badgeDecisionMail } from '../../mail/templates.js'
import { companyForDomain, createCompany } from '../companies/companies.js'
import { type CompanyMatch, companyOwningDomain, nearMatches, sameNameCompany } from '../companies/identity.js'
import { recordEmployment } from './employments.js'

export class TooManyPendingError extends AppError {
  override name = 'TooManyPendingError'
  constructor() {
    super(429, 'too_many_pending', 'Badge photos already waiting', `At most ${BADGE.pendingPerAccount} badge photos can wait for review at once.`)
  }
}
export class AlreadyDecidedError extends AppError {
  override name = 'AlreadyDecidedError'
  constructor() {
    super(409, 'already_decided', 'Already decided', 'This submission was already approved, rejected or expired.')
  }
}
export class OwnSubmissionError extends AppError {
  override name = 'OwnSubmissionError'
  constructor() {
    super(403, 'own_submission', 'Not your own', 'Reviewers cannot decide on their own badge photo.')
  }
}

const BADGE_DETAIL = 'Upload a JPEG, PNG or WebP photo of your badge.'

/** What the bytes really are: JPEG, PNG or WebP, else UnsupportedImageError. */
export const imageFormatOf = (input: Buffer) => imageFormatOfAny(input, BADGE_DETAIL)

/**
 * Decodes the upload (whatever it claims to be) and encodes it again: the new file holds pixels
 * only — no EXIF, GPS, XMP, ICC or comments — turned upright and at most BADGE.maxDimension wide.
 */
export async function stripPhoto(input: Buffer): Promise<{ data: Buffer; mediaType: string }> {
  const { data, mediaType } = await reencodeImage(input, BADGE.maxDimension, BADGE_DETAIL)
  return { data, mediaType }
}

const photoKey = (ctx: AppContext) => ctx.secrets.key('badge-encryption')

async function pendingCount(db: Kysely<DB>, accountId: string): Promise<number> {
  const row = await db
    .selectFrom('badgeSubmission')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('accountId', '=', accountId)
    .where('status', '=', 'pending')
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

export async function submitBadge(ctx: AppContext, accountId: string, input: { photo: Buffer; companyName: string; companyDomain: string | null }) {
  if ((await pendingCount(ctx.db, accountId)) >= BADGE.pendingPerAccount) throw new TooManyPendingError()
  const { data, mediaType } = await stripPhoto(input.photo)
  const now = toMinute(ctx.clock.now())
  return ctx.db.transaction().execute(async (tx) => {
    // The count above only spares the re-encoding; this one decides. The account's row is locked
    // first, so concurrent submissions count one after another and at most the limit are pending.
    await tx.selectFrom('account').select('id').where('id', '=', accountId).forUpdate().executeTakeFirstOrThrow()
    if ((await pendingCount(tx, accountId)) >= BADGE.pendingPerAccount) throw new TooManyPendingError()
    const submission = await tx
      .insertInto('badgeSubmission')
      .values({ accountId, companyName: input.companyName.trim(), companyDomain: input.companyDomain, submittedAt: now })
      .returning(['id', 'status', 'submittedAt'])
      .executeTakeFirstOrThrow()
    await tx
      .insertInto('badgePhoto')
      .values({ submissionId: submission.id, mediaType, ciphertext: seal(photoKey(ctx), data, submission.id), storedAt: now })
      .execute()
    return submission
  })
}

export async function listOwnSubmissions(ctx: AppContext, accountId: string) {
  return ctx.db
    .selectFrom('badgeSubmission')
    .leftJoin('company', 'company.id', 'badgeSubmission.companyId')
    .leftJoin('badgePhoto', 'badgePhoto.submissionId', 'badgeSubmission.id')
    .select([
      'badgeSubmission.id',
      'badgeSubmission.companyName',
      'badgeSubmission.status',
      'badgeSubmission.reason',
      'badgeSubmission.submittedAt',
      'badgeSubmission.decidedOn',
      'company.slug as companySlug',
      (eb) => eb('badgePhoto.submissionId', 'is not', null).as('hasPhoto'),
    ])
    .where('badgeSubmission.accountId', '=', accountId)
    .orderBy('badgeSubmission.submittedAt', 'desc')
    .limit(20)
    .execute()
}

export async function reviewQueue(ctx: AppContext) {
  return ctx.db
    .selectFrom('badgeSubmission')
    .innerJoin('account', 'account.id', 'badgeSubmission.accountId')
    .select([
      'badgeSubmission.id',
      'badgeSubmission.companyName',
      'badgeSubmission.companyDomain',
      'badgeSubmission.submittedAt',
      'account.name as memberName',
      'account.handle as memberHandle',
    ])
    .where('badgeSubmission.status', '=', 'pending')
    .orderBy('badgeSubmission.submittedAt')
    .limit(100)
    .execute()
}

/** The decrypted photo, for a reviewer or for its own submitter; NotFound once deleted. */
export async function readPhoto(ctx: AppContext, submissionId: string, viewer: { accountId: string; isReviewer: boolean }) {
  const row = await ctx.db
    .selectFrom('badgePhoto')
    .innerJoin('badgeSubmission', 'badgeSubmission.id', 'badgePhoto.submissionId')
    .select(['badgePhoto.mediaType', 'badgePhoto.ciphertext', 'badgeSubmission.accountId'])
    .where('badgePhoto.submissionId', '=', submissionId)
    .executeTakeFirst()
  if (!row || (!viewer.isReviewer && row.accountId !== viewer.accountId)) throw new NotFoundError('photo')
  return { mediaType: row.mediaType, data: open(photoKey(ctx), row.ciphertext, submissionId) }
}

/** A submission still waiting (404 otherwise): what the member claimed. */
export async function pendingSubmission(ctx: AppContext, id: string) {
  const s = await ctx.db.selectFrom('badgeSubmission').select(['id', 'companyName', 'companyDomain']).where('id', '=', id).where('status', '=', 'pending').executeTakeFirst()
  if (!s) throw new NotFoundError('submission')
  return s
}

type Decision = { approve: true; companySlug: string | null; createCompany?: boolean } | { approve: false; reason: string }

/** Approves or rejects a pending submission; either way the photo is deleted in the same transaction. */
export async function decideBadge(ctx: AppContext, reviewerId: string, submissionId: string, decision: Decision) {
  const today = dayOf(ctx.clock.now())
  const outcome = await ctx.db.transaction().execute(async (tx) => {
    const s = await tx.selectFrom('badgeSubmission').selectAll().where('id', '=', submissionId).forUpdate().executeTakeFirst()
    if (!s) throw new NotFoundError('submission')
    if (s.status !== 'pending') throw new AlreadyDecidedError()
    if (s.accountId === reviewerId) throw new OwnSubmissionError()
    let company: { id: string; slug: string; name: string } | null = null
    if (decision.approve) {
      if (decision.companySlug) {
        company = (await tx.selectFrom('company').select(['id', 'slug', 'name']).where('slug', '=', decision.companySlug).executeTakeFirst()) ?? null
        if (!company) throw new AppError(422, 'unknown_company', 'No such company', `No company has the slug "${decision.companySlug}".`)
      } else {
        // The company the member named: the one owning its domain, or the one of that very name
        // (legal forms aside); a new one only when nothing near exists, or the reviewer says so.
        company = (s.companyDomain ? await companyOwningDomain(tx, s.companyDomain) : null) ?? (await sameNameCompany(tx, s.companyName))
        if (!company) {
          const near = await nearMatches(tx, s.companyName, s.companyDomain ? [s.companyDomain] : [])
          if (near.length && !decision.createCompany) throw new NearMatchesError(near)
          company = s.companyDomain ? await companyForDomain(tx, s.companyDomain, today) : await createCompany(tx, s.companyName, [], today)
        }
      }
      await recordEmployment(tx, { accountId: s.accountId, companyId: company.id, method: 'badge', today, workEmailHmac: null })
    }
    await tx.deleteFrom('badgePhoto').where('submissionId', '=', s.id).execute()
    await tx
      .updateTable('badgeSubmission')
      .set({ status: decision.approve ? 'approved' : 'rejected', reason: decision.approve ? null : decision.reason, companyId: company?.id ?? null, decidedOn: today })
      .where('id', '=', s.id)
      .execute()
    const member = await tx.selectFrom('account').select(['email', 'language']).where('id', '=', s.accountId).executeTakeFirstOrThrow()
    return { member, companyName: company?.name ?? s.companyName, company, accountId: s.accountId }
  })
  // In the app too (issue 9): the outcome, never the reviewer.
  await notify(ctx, outcome.accountId, { kind: 'verification', targetId: submissionId, approved: decision.approve, company: outcome.companyName })
  const mail = badgeDecisionMail(outcome.member.language as Language, outcome.companyName, decision.approve, decision.approve ? null : decision.reason)
  // The decision stands even if the notice cannot be sent: the member also sees it in the app.
  const noticeSent = await ctx.mailer.send({ to: outcome.member.email, ...mail }).then(
    () => true,
    () => false,
  )
  return { company: outcome.company ? { slug: outcome.company.slug, name: outcome.company.name } : null, noticeSent }
}

/** Approving a badge would create a company while near matches exist: the reviewer picks one, or says "a new company" (`createCompany`). */
export class NearMatchesError extends AppError {
  override name = 'NearMatchesError'
  constructor(matches: CompanyMatch[]) {
    super(409, 'near_matches', 'Similar companies exist', `${matches.map((m) => `${m.name} (${m.slug})`).join(', ')} may be the same company. Pick one, or approve with createCompany to make a new one.`, {}, {
      matches: matches.map((m) => ({ slug: m.slug, name: m.name, domains: m.domains, reason: m.reason })),
    })
  }
}
