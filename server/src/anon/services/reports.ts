import type { Kysely } from 'kysely'
import { MODERATION } from '../../../../shared/src/api/limits.js'
import type { TalkAppeal, TalkReport } from '../../../../shared/src/api/moderation.js'
import { verifyAppealSignature, verifyReportSignature } from '../../../../shared/src/talk/signing.js'
import { AppError, NotFoundError } from '../../errors.js'
import type { AnonContext } from '../context.js'
import { verifyBytesNative } from '../crypto/ed25519.js'
import type { AnonDB } from '../tables.js'
import type { Accepted } from './accept.js'
import { BadAuthorSignatureError, NotAuthorError } from './errors.js'
import { writeId } from './ids.js'
import { appendModerationLog } from './moderation-log.js'
import type { Applied } from './pending.js'
import { assertReactToken } from './place.js'
import { checkToken, TokenSpentError } from './redeem.js'
import { OwnPostError } from './votes.js'

/**
 * Reports and appeals of Work Talk posts (issue 11, DESIGN §3, §4): actions on Work Talk content,
 * so they go through the anonymous side like a vote — a pseudonym key signs, a `react` token
 * pays for a report, the mixing window stores it. A report row holds the post, the reporting key
 * and the reason; an appeal, the post and its text, signed by the post's own key. Neither can
 * name an account: none reaches this module.
 */
export const reportKey = (postId: string, reporter: string) => `report:${postId}:${reporter}`
export const appealKey = (appealId: string) => `appeal:${appealId}`

export class NotModeratedError extends AppError {
  override name = 'NotModeratedError'
  constructor() {
    super(409, 'not_moderated', 'Nothing to appeal', 'This post is neither held, hidden nor removed.')
  }
}
export class AppealOpenError extends AppError {
  override name = 'AppealOpenError'
  constructor() {
    super(409, 'appeal_open', 'An appeal is open', 'This post has an appeal a moderator has not decided yet.')
  }
}
export class AppealsExhaustedError extends AppError {
  override name = 'AppealsExhaustedError'
  constructor() {
    super(409, 'appeals_exhausted', 'No more appeals', `A post's moderation can be appealed ${MODERATION.appealsPerPost} times.`)
  }
}

const reportablePost = (db: Kysely<AnonDB>, postId: string) =>
  db
    .selectFrom('talkPost')
    .innerJoin('talkThread', 'talkThread.id', 'talkPost.threadId')
    .select(['talkPost.id', 'talkPost.threadId', 'talkPost.authorKey', 'talkPost.deleted', 'talkPost.moderation', 'talkThread.channel', 'talkThread.board'])
    .where('talkPost.id', '=', postId)

export async function acceptReport(ctx: AnonContext, input: TalkReport): Promise<Accepted> {
  if (!verifyReportSignature(input.author, { postId: input.postId, reason: input.reason, tokenMessage: input.token.message }, verifyBytesNative)) throw new BadAuthorSignatureError()
  const reporter = Buffer.from(input.author.publicKey, 'base64url')
  const key = reportKey(input.postId, input.author.publicKey)
  const waiting = ctx.mixer.find(key)
  if (waiting) return { state: 'pending', write: waiting }
  const post = await reportablePost(ctx.db, input.postId).executeTakeFirst()
  if (!post || post.deleted) throw new NotFoundError('post')
  if (post.authorKey.equals(reporter)) throw new OwnPostError()
  const earlier = await ctx.db.selectFrom('talkReport').select('postId').where('postId', '=', input.postId).where('reporterKey', '=', reporter).executeTakeFirst()
  if (earlier) return { state: 'existing', threadId: post.threadId, postId: post.id }
  const token = await checkToken(ctx, input.token)
  assertReactToken(token)
  if (ctx.mixer.pendingToken(token.hash)) throw new TokenSpentError()
  return ctx.mixer.submit({
    key,
    kind: 'report',
    threadId: post.threadId,
    postId: post.id,
    revision: 0,
    authorKey: reporter,
    tokenHash: token.hash,
    channel: post.channel,
    board: post.board,
    locks: { threads: [], posts: [post.id] },
    apply: (tx, at) => applyReport(tx, { postId: post.id, threadId: post.threadId, reporter, reason: input.reason }, at),
  })
}

/**
 * Stores the report; the `personalInfoAutoHide`-th personal-data report from distinct keys hides
 * the post at once (the public log says `hide`, reason `personal_info`) until a moderator
 * decides. Every other reason waits for a person.
 */
export async function applyReport(tx: Kysely<AnonDB>, r: { postId: string; threadId: string; reporter: Buffer; reason: string }, at: Date): Promise<Applied> {
  const post = await tx.selectFrom('talkPost').select(['deleted', 'authorKey', 'moderation']).where('id', '=', r.postId).forUpdate().executeTakeFirst()
  if (!post || post.deleted) throw new NotFoundError('post')
  if (post.authorKey.equals(r.reporter)) throw new OwnPostError()
  const made = await tx
    .insertInto('talkReport')
    .values({ postId: r.postId, reporterKey: r.reporter, reason: r.reason, createdAt: at })
    .onConflict((oc) => oc.doNothing())
    .returning('postId')
    .executeTakeFirst()
  if (!made) return { existing: { threadId: r.threadId, postId: r.postId } }
  if (r.reason === 'personal_info' && post.moderation === null) {
    const { n } = await tx
      .selectFrom('talkReport')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('postId', '=', r.postId)
      .where('reason', '=', 'personal_info')
      .executeTakeFirstOrThrow()
    if (Number(n) >= MODERATION.personalInfoAutoHide) {
      await tx.updateTable('talkPost').set({ moderation: 'hidden', moderationReason: 'personal_info' }).where('id', '=', r.postId).execute()
      await appendModerationLog(tx, { action: 'hide', reason: 'personal_info', targetType: 'talk_post', targetId: r.postId }, at)
    }
  }
  return { stored: true }
}

/** The appeal's id: from its signature, so a resend is itself. */
export const appealIdOf = (input: TalkAppeal) => writeId('appeal', input.author.signature)

export async function acceptAppeal(ctx: AnonContext, input: TalkAppeal): Promise<{ accepted: Accepted; appealId: string }> {
  if (!verifyAppealSignature(input.author, { postId: input.postId, body: input.body }, verifyBytesNative)) throw new BadAuthorSignatureError()
  const appealId = appealIdOf(input)
  const key = appealKey(appealId)
  const waiting = ctx.mixer.find(key)
  if (waiting) return { accepted: { state: 'pending', write: waiting }, appealId }
  const post = await reportablePost(ctx.db, input.postId).executeTakeFirst()
  if (!post) throw new NotFoundError('post')
  if (!post.authorKey.equals(Buffer.from(input.author.publicKey, 'base64url'))) throw new NotAuthorError()
  if (await ctx.db.selectFrom('talkAppeal').select('id').where('id', '=', appealId).executeTakeFirst()) {
    return { accepted: { state: 'existing', threadId: post.threadId, postId: post.id }, appealId }
  }
  await assertAppealable(ctx.db, post)
  if (ctx.mixer.pendingChange(post.id, 'appeal')) throw new AppealOpenError()
  const accepted = await ctx.mixer.submit({
    key,
    kind: 'appeal',
    threadId: post.threadId,
    postId: post.id,
    revision: 0,
    authorKey: post.authorKey,
    tokenHash: null,
    signature: input.author.signature,
    channel: post.channel,
    board: post.board,
    locks: { threads: [], posts: [post.id] },
    apply: (tx, at) => applyAppeal(tx, { id: appealId, postId: post.id, threadId: post.threadId, body: input.body }, at),
  })
  return { accepted, appealId }
}

/** A moderated post, with no appeal open and fewer than appealsPerPost made. */
async function assertAppealable(db: Kysely<AnonDB>, post: { id: string; moderation: string | null }): Promise<void> {
  if (post.moderation === null) throw new NotModeratedError()
  const appeals = await db.selectFrom('talkAppeal').select(['outcome']).where('postId', '=', post.id).execute()
  if (appeals.some((a) => a.outcome === null)) throw new AppealOpenError()
  if (appeals.length >= MODERATION.appealsPerPost) throw new AppealsExhaustedError()
}

export async function applyAppeal(tx: Kysely<AnonDB>, a: { id: string; postId: string; threadId: string; body: string }, at: Date): Promise<Applied> {
  const post = await tx.selectFrom('talkPost').select(['id', 'moderation']).where('id', '=', a.postId).forUpdate().executeTakeFirst()
  if (!post) throw new NotFoundError('post')
  if (await tx.selectFrom('talkAppeal').select('id').where('id', '=', a.id).executeTakeFirst()) return { existing: { threadId: a.threadId, postId: a.postId } }
  await assertAppealable(tx, post)
  await tx.insertInto('talkAppeal').values({ id: a.id, postId: a.postId, body: a.body, createdAt: at, outcome: null }).execute()
  return { stored: true }
}
