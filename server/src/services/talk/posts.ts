import type { Kysely } from 'kysely'
import type { CreateReply, CreateThread, EditPost, DeletePost } from '../../../../shared/src/api/talk.js'
import { verifyDeleteSignature, verifyEditSignature, verifyPostSignature } from '../../../../shared/src/talk/signing.js'
import { type AppContext, toMinute } from '../../context.js'
import type { DB } from '../../db/schema.js'
import type { Voice } from '../../db/tables/talk.js'
import { AppError, NotFoundError, ValidationError } from '../../errors.js'
import { checkToken, spendToken } from './redeem.js'

export class BadAuthorSignatureError extends AppError {
  override name = 'BadAuthorSignatureError'
  constructor() {
    super(400, 'bad_author_signature', 'Bad author signature', 'The pseudonym signature does not cover this post.')
  }
}
export class NotAuthorError extends AppError {
  override name = 'NotAuthorError'
  constructor() {
    super(403, 'not_author', 'Not the author', "Only the post's pseudonym key can change it.")
  }
}
export class RevisionConflictError extends AppError {
  override name = 'RevisionConflictError'
  constructor() {
    super(409, 'revision_conflict', 'The post changed', 'The post was changed since you read it. Reload it and try again.')
  }
}


/**
 * The label columns of a post: who the token vouches for and which company a `company` label
 * names. An alias post keeps neither — not even which kind of key paid for it.
 */
async function labelColumns(ctx: AppContext, key: { companySlug: string | null; purpose: string }, label: 'company' | 'alias') {
  if (label === 'alias') return { label, voice: null, companySlug: null, companyName: null }
  const voice: Voice = key.companySlug === null ? 'professional' : key.purpose === 'talk-former' ? 'former' : 'employee'
  if (key.companySlug === null) return { label, voice, companySlug: null, companyName: null }
  const company = await ctx.db.selectFrom('company').select(['slug', 'name']).where('slug', '=', key.companySlug).executeTakeFirst()
  return { label, voice, companySlug: key.companySlug, companyName: company?.name ?? key.companySlug }
}

/** The tag of `authorKey` in a thread: existing one, or "#n" for the n-th distinct key (OP is the first). */
async function tagFor(tx: Kysely<DB>, threadId: string, authorKey: Buffer): Promise<string> {
  const known = await tx.selectFrom('talkPost').select('authorTag').where('threadId', '=', threadId).where('authorKey', '=', authorKey).executeTakeFirst()
  if (known) return known.authorTag
  const { n } = await tx
    .selectFrom('talkPost')
    .select((eb) => eb.fn.count<string>('authorKey').distinct().as('n'))
    .where('threadId', '=', threadId)
    .executeTakeFirstOrThrow()
  return `#${Number(n) + 1}`
}

/**
 * Opens a thread with an anonymous post. Order matters: the body and the author signature are
 * checked before the token, and the token is spent in the same transaction that writes the post,
 * so a refused post never costs its token and a spent token never leaves a post half-written.
 */
export async function createThread(ctx: AppContext, input: CreateThread) {
  const fields = { threadId: null, title: input.title, body: input.body, label: input.label, tokenMessage: input.token.message }
  if (!verifyPostSignature(input.author, fields)) throw new BadAuthorSignatureError()
  const key = await checkToken(ctx, input.token)
  const labels = await labelColumns(ctx, key, input.label)
  const now = toMinute(ctx.clock.now())
  return ctx.db.transaction().execute(async (tx) => {
    await spendToken(tx, key.message, key.epoch)
    const thread = await tx
      .insertInto('talkThread')
      .values({ title: input.title, channel: input.channel ?? 'general', companySlug: labels.companySlug, createdAt: now, lastPostAt: now })
      .returning('id')
      .executeTakeFirstOrThrow()
    const post = await tx
      .insertInto('talkPost')
      .values({
        threadId: thread.id,
        isOpening: true,
        position: 0,
        body: input.body,
        ...labels,
        authorKey: Buffer.from(input.author.publicKey, 'base64url'),
        authorTag: 'OP',
        createdAt: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    return { threadId: thread.id, postId: post.id }
  })
}

export async function createReply(ctx: AppContext, threadId: string, input: CreateReply) {
  const exists = await ctx.db.selectFrom('talkThread').select('id').where('id', '=', threadId).executeTakeFirst()
  if (!exists) throw new NotFoundError('thread')
  const fields = { threadId, title: '', body: input.body, label: input.label, tokenMessage: input.token.message }
  if (!verifyPostSignature(input.author, fields)) throw new BadAuthorSignatureError()
  const key = await checkToken(ctx, input.token)
  const labels = await labelColumns(ctx, key, input.label)
  const now = toMinute(ctx.clock.now())
  const authorKey = Buffer.from(input.author.publicKey, 'base64url')
  return ctx.db.transaction().execute(async (tx) => {
    // Locking the thread row serialises posts in one thread, so tags (#2, #3…) never collide.
    const thread = await tx.selectFrom('talkThread').select(['id', 'replyCount']).where('id', '=', threadId).forUpdate().executeTakeFirst()
    if (!thread) throw new NotFoundError('thread')
    await spendToken(tx, key.message, key.epoch)
    const post = await tx
      .insertInto('talkPost')
      .values({
        threadId,
        isOpening: false,
        position: thread.replyCount + 1,
        body: input.body,
        ...labels,
        authorKey,
        authorTag: await tagFor(tx, threadId, authorKey),
        createdAt: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await tx
      .updateTable('talkThread')
      .set((eb) => ({ replyCount: eb('replyCount', '+', 1), lastPostAt: now }))
      .where('id', '=', threadId)
      .execute()
    return { postId: post.id }
  })
}

async function lockPostForAuthor(tx: Kysely<DB>, postId: string, author: { publicKey: string }, revision: number) {
  const post = await tx
    .selectFrom('talkPost')
    .innerJoin('talkThread', 'talkThread.id', 'talkPost.threadId')
    .select(['talkPost.id', 'talkPost.threadId', 'talkPost.isOpening', 'talkPost.authorKey', 'talkPost.revision', 'talkPost.deleted', 'talkThread.title'])
    .where('talkPost.id', '=', postId)
    .forUpdate()
    .executeTakeFirst()
  if (!post || post.deleted) throw new NotFoundError('post')
  if (!post.authorKey.equals(Buffer.from(author.publicKey, 'base64url'))) throw new NotAuthorError()
  if (post.revision !== revision) throw new RevisionConflictError()
  return post
}

/** An edit signed by the post's own pseudonym key, for the revision it was made against. */
export async function editPost(ctx: AppContext, postId: string, input: EditPost) {
  if (!verifyEditSignature(input.author, { postId, revision: input.revision, title: input.title, body: input.body })) throw new BadAuthorSignatureError()
  await ctx.db.transaction().execute(async (tx) => {
    const post = await lockPostForAuthor(tx, postId, input.author, input.revision)
    if (!post.isOpening && input.title !== '') throw new ValidationError('/title: must be "" for a reply', [{ field: '/title', message: 'must be "" for a reply' }])
    if (post.isOpening && !input.title.trim()) throw new ValidationError('/title: must not be empty for an opening post', [{ field: '/title', message: 'must not be empty' }])
    await tx
      .updateTable('talkPost')
      .set({ body: input.body, revision: post.revision + 1, editedAt: toMinute(ctx.clock.now()) })
      .where('id', '=', postId)
      .execute()
    if (post.isOpening) await tx.updateTable('talkThread').set({ title: input.title }).where('id', '=', post.threadId).execute()
  })
}

/** Deletion by the author: the text is gone for good; the post stays as a "deleted" placeholder. */
export async function deletePost(ctx: AppContext, postId: string, input: DeletePost) {
  if (!verifyDeleteSignature(input.author, { postId, revision: input.revision })) throw new BadAuthorSignatureError()
  await ctx.db.transaction().execute(async (tx) => {
    const post = await lockPostForAuthor(tx, postId, input.author, input.revision)
    await tx.updateTable('talkPost').set({ body: '', deleted: true, revision: post.revision + 1 }).where('id', '=', postId).execute()
  })
}
