import type { Kysely } from 'kysely'
import type { CreateInterview, CreateReview, CreateSalary, MarkHelpful } from '../../../../shared/src/api/company-reviews.js'
import { SALARIES } from '../../../../shared/src/api/limits.js'
import { placeKey } from '../../../../shared/src/companies/places.js'
import { checkText, holdingRule } from '../../../../shared/src/moderation/checks.js'
import { isSalaryCurrency, salaryBounds } from '../../../../shared/src/companies/salary-currencies.js'
import { verifyHelpfulSignature } from '../../../../shared/src/talk/signing.js'
import { AppError, NotFoundError, ValidationError } from '../../errors.js'
import type { AnonContext } from '../context.js'
import { verifyBytesNative } from '../crypto/ed25519.js'
import type { AnonDB } from '../tables.js'
import type { Accepted } from './accept.js'
import { BadAuthorSignatureError } from './errors.js'
import { writeId } from './ids.js'
import type { Applied, RecordKind } from './pending.js'
import { assertReactToken } from './place.js'
import { type CheckedToken, checkToken, TokenSpentError } from './redeem.js'

/**
 * Company reviews, salary reports and interview reports (issue 10, DESIGN §2, §5b): anonymous
 * writes through the mixer like Work Talk posts, but with no thread and no author key. A record
 * is paid by a token of the company's yearly `review` or `salary` key (one per person, company
 * and year: the quota of the key is 1) or of the null `interview` key (five a year); its id comes
 * from the token, so a resend is the same record. What is stored: the record's fields, the
 * company's slug and the month — never an account, never a time.
 */
export class WrongCompanyError extends AppError {
  override name = 'WrongCompanyError'
  constructor(kind: string) {
    super(403, 'invalid_token', 'Invalid token', `A ${kind} is paid with a token of this company's own ${kind} key.`, {}, { reason: 'wrong_company' })
  }
}
export class UnknownCurrencyError extends AppError {
  override name = 'UnknownCurrencyError'
  constructor(code: string) {
    super(400, 'unknown_currency', 'Unknown currency', `"${code}" is not an ISO 4217 currency this site takes.`, {}, { errors: [{ field: '/currency', message: 'is not a currency this site takes' }] })
  }
}
/** Issue 11: a review or interview report whose text trips an automated check is refused before its token is spent (it has no key to edit or appeal with, so it is not held). */
export class RecordTextError extends AppError {
  override name = 'RecordTextError'
  constructor(rule: string, field: string) {
    super(422, 'text_check', 'Take it out first', `${field.slice(1)} trips the \`${rule}\` check (docs/moderation-rules.md): remove it and send again. The token is not spent.`, {}, { rule, errors: [{ field, message: `trips the ${rule} check` }] })
  }
}
export class AlreadyHelpfulError extends AppError {
  override name = 'AlreadyHelpfulError'
  constructor() {
    super(409, 'already_helpful', 'Already marked', 'This key already marked the review helpful.')
  }
}

const NO_THREAD = ''
const NO_AUTHOR = Buffer.alloc(0)

export const recordKey = (kind: RecordKind, id: string) => `${kind}:${id}`
export const helpfulKey = (reviewId: string, voter: string) => `helpful:${reviewId}:${voter}`

/** The first day of the month of the window's commit: what a record keeps of when it was written. */
export const monthOf = (at: Date): string => `${at.toISOString().slice(0, 7)}-01`

async function companyExists(ctx: AnonContext, slug: string): Promise<void> {
  if (!(await ctx.db.selectFrom('company').select('slug').where('slug', '=', slug).executeTakeFirst())) throw new NotFoundError('company')
}

function assertRecordToken(kind: 'review' | 'salary' | 'interview', slug: string, token: CheckedToken): void {
  if (token.purpose !== kind) {
    throw new AppError(403, 'invalid_token', 'Invalid token', `This write is paid with a token of a \`${kind}\` key.`, {}, { reason: 'wrong_purpose' })
  }
  // Interview reports are paid by the null key: any verified member may have interviewed anywhere.
  if (kind !== 'interview' && token.companySlug !== slug) throw new WrongCompanyError(kind)
}

interface RecordSpec {
  kind: 'review' | 'salary' | 'interview'
  slug: string
  token: CreateReview['token']
  /** What readers will see, for the automated checks (shared/src/moderation). */
  /** The texts the automated checks read, by JSON pointer: each field on its own, as the web form checks them. */
  texts: Record<string, string>
  exists: (id: string) => Promise<boolean>
  insert: (tx: Kysely<AnonDB>, id: string, postedOn: string) => Promise<boolean>
}

/** What every record shares: its id from the token, a resend answered as itself, the token checked, the write handed to the mixer. */
async function acceptRecord(ctx: AnonContext, spec: RecordSpec): Promise<Accepted> {
  const id = writeId(spec.kind, spec.token.message)
  if (await spec.exists(id)) return { state: 'existing', threadId: NO_THREAD, postId: id }
  const key = recordKey(spec.kind, id)
  const waiting = ctx.mixer.find(key)
  if (waiting) return { state: 'pending', write: waiting }
  await companyExists(ctx, spec.slug)
  for (const [field, text] of Object.entries(spec.texts)) {
    const rule = holdingRule(checkText(text, { extraTerms: ctx.config.blockedTerms }))
    if (rule) throw new RecordTextError(rule, field)
  }
  let token: CheckedToken
  try {
    token = await checkToken(ctx, spec.token)
  } catch (err) {
    // Spent by this very record, stored by another process meanwhile: that is this record.
    if (err instanceof TokenSpentError && (await spec.exists(id))) return { state: 'existing', threadId: NO_THREAD, postId: id }
    throw err
  }
  assertRecordToken(spec.kind, spec.slug, token)
  if (ctx.mixer.pendingToken(token.hash)) throw new TokenSpentError()
  return ctx.mixer.submit({
    key,
    kind: spec.kind,
    threadId: NO_THREAD,
    postId: id,
    revision: 0,
    authorKey: NO_AUTHOR,
    tokenHash: token.hash,
    longLivedToken: true,
    locks: { threads: [], posts: [] },
    apply: async (tx, at): Promise<Applied> => ((await spec.insert(tx, id, monthOf(at))) ? { stored: true } : { existing: { threadId: NO_THREAD, postId: id } }),
  })
}

export function acceptReview(ctx: AnonContext, slug: string, input: CreateReview): Promise<Accepted> {
  const r = input.ratings
  return acceptRecord(ctx, {
    kind: 'review',
    slug,
    token: input.token,
    texts: { '/headline': input.headline ?? '', '/pros': input.pros, '/cons': input.cons, '/advice': input.advice ?? '' },
    exists: async (id) => !!(await ctx.db.selectFrom('companyReview').select('id').where('id', '=', id).executeTakeFirst()),
    insert: async (tx, id, postedOn) =>
      !!(await tx
        .insertInto('companyReview')
        .values({
          id,
          companySlug: slug,
          overall: r.overall,
          culture: r.culture,
          workLife: r.workLife,
          compensation: r.compensation,
          management: r.management,
          growth: r.growth,
          recommend: input.recommend,
          ceo: input.ceo ?? null,
          headline: input.headline?.trim() ?? '',
          pros: input.pros.trim(),
          cons: input.cons.trim(),
          advice: input.advice?.trim() ?? '',
          employment: input.employment,
          titleFamily: input.titleFamily,
          postedOn,
        })
        .onConflict((oc) => oc.column('id').doNothing())
        .returning('id')
        .executeTakeFirst()),
  })
}

/** Figures a person could mean, per currency (salary-currencies.ts); the year this one or up to SALARIES.yearsBack back. */
export function checkSalary(input: CreateSalary, now: Date): void {
  if (!isSalaryCurrency(input.currency)) throw new UnknownCurrencyError(input.currency)
  const b = salaryBounds(input.currency)!
  const errors: { field: string; message: string }[] = []
  const fmt = (n: number) => `${n.toLocaleString('en')} ${input.currency}`
  if (input.base < b.minBase || input.base > b.maxBase) errors.push({ field: '/base', message: `must be a yearly pay between ${fmt(b.minBase)} and ${fmt(b.maxBase)}` })
  for (const f of ['bonus', 'equity'] as const) if ((input[f] ?? 0) > b.maxExtra) errors.push({ field: `/${f}`, message: `must be at most ${fmt(b.maxExtra)} a year` })
  const year = now.getUTCFullYear()
  if (input.year > year || input.year < year - SALARIES.yearsBack) errors.push({ field: '/year', message: `must be between ${year - SALARIES.yearsBack} and ${year}` })
  if (errors.length) throw new ValidationError(errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors)
}

export function acceptSalary(ctx: AnonContext, slug: string, input: CreateSalary): Promise<Accepted> {
  checkSalary(input, ctx.clock.now())
  return acceptRecord(ctx, {
    kind: 'salary',
    slug,
    token: input.token,
    // Never shown one by one: only its location reaches readers (in a cell).
    texts: { '/location': input.location },
    exists: async (id) => !!(await ctx.db.selectFrom('companySalary').select('id').where('id', '=', id).executeTakeFirst()),
    insert: async (tx, id, postedOn) =>
      !!(await tx
        .insertInto('companySalary')
        .values({
          id,
          companySlug: slug,
          titleFamily: input.titleFamily,
          level: input.level?.trim() ?? '',
          location: input.location.trim(),
          locationKey: placeKey(input.location),
          yearsExperience: input.yearsExperience,
          base: input.base,
          bonus: input.bonus ?? 0,
          equity: input.equity ?? 0,
          currency: input.currency,
          year: input.year,
          postedOn,
        })
        .onConflict((oc) => oc.column('id').doNothing())
        .returning('id')
        .executeTakeFirst()),
  })
}

export function acceptInterview(ctx: AnonContext, slug: string, input: CreateInterview): Promise<Accepted> {
  return acceptRecord(ctx, {
    kind: 'interview',
    slug,
    token: input.token,
    texts: { '/position': input.position, '/body': input.body, '/questions': input.questions ?? '' },
    exists: async (id) => !!(await ctx.db.selectFrom('companyInterview').select('id').where('id', '=', id).executeTakeFirst()),
    insert: async (tx, id, postedOn) =>
      !!(await tx
        .insertInto('companyInterview')
        .values({
          id,
          companySlug: slug,
          position: input.position.trim(),
          outcome: input.outcome,
          difficulty: input.difficulty,
          experience: input.experience,
          body: input.body.trim(),
          questions: input.questions?.trim() ?? '',
          postedOn,
        })
        .onConflict((oc) => oc.column('id').doNothing())
        .returning('id')
        .executeTakeFirst()),
  })
}

/** A "helpful" mark: a react token, once per (review, voter key); the count moves with it. */
export async function acceptHelpful(ctx: AnonContext, slug: string, reviewId: string, input: MarkHelpful): Promise<Accepted> {
  if (!verifyHelpfulSignature(input.voter, { reviewId, tokenMessage: input.token.message }, verifyBytesNative)) throw new BadAuthorSignatureError()
  const review = await ctx.db.selectFrom('companyReview').select('id').where('id', '=', reviewId).where('companySlug', '=', slug).executeTakeFirst()
  if (!review) throw new NotFoundError('review')
  const voter = Buffer.from(input.voter.publicKey, 'base64url')
  const key = helpfulKey(reviewId, input.voter.publicKey)
  const marked = async (db: Kysely<AnonDB>) => !!(await db.selectFrom('companyReviewHelpful').select('reviewId').where('reviewId', '=', reviewId).where('voterKey', '=', voter).executeTakeFirst())
  if (await marked(ctx.db)) return { state: 'existing', threadId: NO_THREAD, postId: reviewId }
  const waiting = ctx.mixer.find(key)
  if (waiting) return { state: 'pending', write: waiting }
  const token = await checkToken(ctx, input.token)
  assertReactToken(token)
  if (ctx.mixer.pendingToken(token.hash)) throw new TokenSpentError()
  return ctx.mixer.submit({
    key,
    kind: 'helpful',
    threadId: NO_THREAD,
    postId: reviewId,
    revision: 0,
    authorKey: voter,
    tokenHash: token.hash,
    locks: { threads: [], posts: [] },
    apply: async (tx): Promise<Applied> => {
      const inserted = await tx.insertInto('companyReviewHelpful').values({ reviewId, voterKey: voter }).onConflict((oc) => oc.columns(['reviewId', 'voterKey']).doNothing()).returning('reviewId').executeTakeFirst()
      if (!inserted) throw new AlreadyHelpfulError()
      const moved = await tx.updateTable('companyReview').set((eb) => ({ helpful: eb('helpful', '+', 1) })).where('id', '=', reviewId).returning('id').executeTakeFirst()
      if (!moved) throw new NotFoundError('review')
      return { stored: true }
    },
  })
}

/** GET /talk/writes/{id}?record=…: the mixer's memory, then the database. */
export async function recordOutcome(ctx: AnonContext, id: string, record: RecordKind, voter?: string) {
  const key = record === 'helpful' ? helpfulKey(id, voter ?? '') : recordKey(record, id)
  const known = ctx.mixer.outcome(key)
  if (known && known.state !== 'refused') return known
  const table = { review: 'companyReview', salary: 'companySalary', interview: 'companyInterview' } as const
  const stored =
    record === 'helpful'
      ? !!(await ctx.db.selectFrom('companyReviewHelpful').select('reviewId').where('reviewId', '=', id).where('voterKey', '=', Buffer.from(voter ?? '', 'base64url')).executeTakeFirst())
      : !!(await ctx.db.selectFrom(table[record]).select('id').where('id', '=', id).executeTakeFirst())
  if (stored) return { state: 'stored' as const }
  return known ?? null
}
