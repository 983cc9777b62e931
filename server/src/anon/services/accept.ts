import type { CreateReply, CreateThread, DeletePost, EditPost } from '../../../../shared/src/api/talk.js'
import { DEFAULT_CHANNEL, verifyAnyPostSignature, verifyDeleteSignature, verifyEditSignature } from '../../../../shared/src/talk/signing.js'
import { NotFoundError, ValidationError } from '../../errors.js'
import type { AnonContext } from '../context.js'
import { verifyBytesNative } from '../crypto/ed25519.js'
import { alreadyApplied, applyDelete, applyEdit, applyReply, applyThread, type Change } from './apply.js'
import { BadAuthorSignatureError, LabelMismatchError, NotAuthorError, PostModeratedError, RevisionConflictError, ThreadLockedError } from './errors.js'
import { textRule } from './holds.js'
import { writeId } from './ids.js'
import { type LabelColumns, labelColumns, sameLabel } from './label-columns.js'
import type { PendingWrite } from './pending.js'
import { assertImagesAvailable } from './images.js'
import { assertBoardToken, assertPostToken, placeForThread } from './place.js'
import { checkPoll } from './polls.js'
import { checkToken, TokenSpentError } from './redeem.js'

/**
 * The checks an anonymous write passes when it arrives (DESIGN §2): signature, token, thread,
 * label, revision — against what is stored and what this process holds for its mixing window.
 * A write that passes becomes a PendingWrite; nothing is written until the window commits (the
 * commit checks again, under locks, what another process may have changed meanwhile).
 *
 * Order matters: the author signature and the ids come first, so a write that is already stored
 * or already waiting is recognised as itself (a resend) before its token looks spent.
 */
export type Accepted = { state: 'pending' | 'stored'; write: PendingWrite } | { state: 'existing'; threadId: string; postId: string }

export async function acceptThread(ctx: AnonContext, input: CreateThread): Promise<Accepted> {
  const channel = input.channel ?? DEFAULT_CHANNEL
  const imageIds = input.imageIds ?? []
  const signedPoll = input.poll ? { options: input.poll.options, closesAt: input.poll.closesAt } : null
  const fields = { threadId: null, title: input.title, body: input.body, label: input.label, tokenMessage: input.token.message, channel, imageIds, poll: signedPoll }
  if (!verifyAnyPostSignature(input.author, fields, verifyBytesNative)) throw new BadAuthorSignatureError()
  const threadId = writeId('thread', input.author.signature)
  const postId = writeId('post', input.author.signature)
  const authorKey = Buffer.from(input.author.publicKey, 'base64url')

  if (await postExists(ctx, postId)) return { state: 'existing', threadId, postId }
  const waiting = ctx.mixer.find(postId)
  if (waiting) return { state: 'pending', write: waiting }
  // DESIGN §3: one opener nonce per draft, so a retried new thread has the same key: it finds
  // the thread already opened (stored or waiting) instead of opening a second one.
  const opened = await ctx.db.selectFrom('talkPost').select(['id', 'threadId']).where('isOpening', '=', true).where('authorKey', '=', authorKey).executeTakeFirst()
  if (opened) return { state: 'existing', threadId: opened.threadId, postId: opened.id }
  const openingWaiting = ctx.mixer.pendingOpening(authorKey)
  if (openingWaiting) return { state: 'pending', write: openingWaiting }

  const token = await checkTokenFor(ctx, postId, input.token)
  if (!token) return { state: 'existing', threadId, postId }
  assertPostToken(token)
  if (ctx.mixer.pendingToken(token.hash)) throw new TokenSpentError()
  const place = await placeForThread(ctx, input.channel, token)
  const poll = input.poll ? checkPoll(input.poll, ctx.clock.now()) : null
  await assertImagesAvailable(ctx, imageIds)
  const label = await labelColumns(ctx, token, input.label)
  const thread = { id: threadId, channel: place.channel, board: place.board, companySlug: label.companySlug, openerNonce: input.openerNonce ?? null }
  const post = { id: postId, title: input.title, body: input.body, authorKey, label, imageIds, hold: textRule(ctx, input.title, input.body) }
  return ctx.mixer.submit({
    key: postId,
    kind: 'thread',
    threadId,
    postId,
    revision: 0,
    authorKey,
    tokenHash: token.hash,
    label,
    channel: place.channel,
    board: place.board,
    imageIds,
    locks: { threads: [], posts: [] },
    apply: (tx, at) => applyThread(tx, thread, post, poll, at),
  })
}

export async function acceptReply(ctx: AnonContext, threadId: string, input: CreateReply): Promise<Accepted> {
  const imageIds = input.imageIds ?? []
  const fields = { threadId, title: '', body: input.body, label: input.label, tokenMessage: input.token.message, channel: DEFAULT_CHANNEL, imageIds, poll: null }
  if (!verifyAnyPostSignature(input.author, fields, verifyBytesNative)) throw new BadAuthorSignatureError()
  const postId = writeId('post', input.author.signature)
  const authorKey = Buffer.from(input.author.publicKey, 'base64url')

  if (await postExists(ctx, postId)) return { state: 'existing', threadId, postId }
  const waiting = ctx.mixer.find(postId)
  if (waiting) return { state: 'pending', write: waiting }
  const stored = await ctx.db.selectFrom('talkThread').select(['channel', 'board', 'locked']).where('id', '=', threadId).where('visiblePosts', '>', 0).executeTakeFirst()
  const waitingThread = stored ? undefined : ctx.mixer.pendingThread(threadId)
  const thread = stored ?? (waitingThread && { channel: waitingThread.channel!, board: waitingThread.board!, locked: false })
  if (!thread) throw new NotFoundError('thread')
  if (thread.locked) throw new ThreadLockedError()

  const token = await checkTokenFor(ctx, postId, input.token)
  if (!token) return { state: 'existing', threadId, postId }
  assertPostToken(token)
  if (thread.board) assertBoardToken(thread.channel, token)
  if (ctx.mixer.pendingToken(token.hash)) throw new TokenSpentError()
  await assertImagesAvailable(ctx, imageIds)
  const label = await labelColumns(ctx, token, input.label)
  await assertSameLabel(ctx, threadId, authorKey, label)
  return ctx.mixer.submit({
    key: postId,
    kind: 'reply',
    threadId,
    postId,
    revision: 0,
    authorKey,
    tokenHash: token.hash,
    label,
    channel: thread.channel,
    board: thread.board,
    imageIds,
    locks: { threads: [threadId], posts: [] },
    apply: (tx, at) => applyReply(tx, { id: postId, threadId, body: input.body, authorKey, label, imageIds, hold: textRule(ctx, '', input.body) }, at),
  })
}

/** A key keeps, within one thread, the label it first posted with — stored or still waiting. */
async function assertSameLabel(ctx: AnonContext, threadId: string, authorKey: Buffer, label: LabelColumns): Promise<void> {
  const earlier = await ctx.db
    .selectFrom('talkPost')
    .select(['label', 'voice', 'companySlug'])
    .where('threadId', '=', threadId)
    .where('authorKey', '=', authorKey)
    .limit(1)
    .executeTakeFirst()
  if (earlier && !sameLabel(earlier, label)) throw new LabelMismatchError()
  const waiting = ctx.mixer.pendingByAuthor(threadId, authorKey)
  if (waiting?.label && !sameLabel(waiting.label, label)) throw new LabelMismatchError()
}

async function postExists(ctx: AnonContext, postId: string): Promise<boolean> {
  return (await ctx.db.selectFrom('talkPost').select('id').where('id', '=', postId).executeTakeFirst()) !== undefined
}

/**
 * The stored post an edit or deletion is about, checked against its author and revision; null
 * `done` when this very change is stored already (sent again, perhaps to another process).
 */
async function postForChange(ctx: AnonContext, change: Omit<Change, 'authorKey'> & { publicKey: string }) {
  const post = await ctx.db
    .selectFrom('talkPost')
    .select(['id', 'threadId', 'isOpening', 'authorKey', 'revision', 'deleted', 'title', 'body', 'moderation'])
    .where('id', '=', change.postId)
    .executeTakeFirst()
  if (!post) throw new NotFoundError('post')
  if (!post.authorKey.equals(Buffer.from(change.publicKey, 'base64url'))) throw new NotAuthorError()
  const done = alreadyApplied(post, change)
  if (post.deleted && !done) throw new NotFoundError('post')
  if (post.revision !== change.revision && !done) throw new RevisionConflictError()
  return { ...post, done }
}

/**
 * A token that looks spent may have paid for this very post a moment ago: a resend that reached
 * another process while the first one's window committed. That is the post, stored — not a double
 * spend (the writer would otherwise pay again and post twice).
 */
async function checkTokenFor(ctx: AnonContext, postId: string, token: CreateReply['token']) {
  try {
    return await checkToken(ctx, token)
  } catch (err) {
    if (err instanceof TokenSpentError && (await postExists(ctx, postId))) return null
    throw err
  }
}

/** The change making this revision, if one waits here: the same one sent again, or a conflicting one. */
function waitingChange(ctx: AnonContext, key: string, signature: string): Accepted | null {
  const waiting = ctx.mixer.find(key)
  if (!waiting) return null
  if (waiting.signature !== signature) throw new RevisionConflictError()
  return { state: 'pending', write: waiting }
}

/** An edit signed by the post's own pseudonym key, for the revision it was made against. */
export async function acceptEdit(ctx: AnonContext, postId: string, input: EditPost): Promise<Accepted> {
  if (!verifyEditSignature(input.author, { postId, revision: input.revision, title: input.title, body: input.body }, verifyBytesNative)) throw new BadAuthorSignatureError()
  const key = `${postId}@${input.revision + 1}`
  const waiting = waitingChange(ctx, key, input.author.signature)
  if (waiting) return waiting
  const post = await postForChange(ctx, { postId, publicKey: input.author.publicKey, revision: input.revision, edit: { title: input.title, body: input.body } })
  if (post.done) return { state: 'existing', threadId: post.threadId, postId }
  if (post.moderation === 'hidden' || post.moderation === 'removed') throw new PostModeratedError()
  if (!post.isOpening && input.title !== '') throw new ValidationError('/title: must be "" for a reply', [{ field: '/title', message: 'must be "" for a reply' }])
  if (post.isOpening && !input.title.trim()) throw new ValidationError('/title: must not be empty for an opening post', [{ field: '/title', message: 'must not be empty' }])
  if (ctx.mixer.pendingChange(postId)) throw new RevisionConflictError()
  return ctx.mixer.submit({
    key,
    kind: 'edit',
    threadId: post.threadId,
    postId,
    revision: input.revision + 1,
    authorKey: post.authorKey,
    tokenHash: null,
    signature: input.author.signature,
    locks: { threads: [], posts: [postId] },
    apply: (tx, at) => applyEdit(tx, { postId, authorKey: post.authorKey, revision: input.revision, title: input.title, body: input.body, hold: textRule(ctx, input.title, input.body) }, at),
  })
}

/** Deletion by the author: the text is overwritten, then gone; the post stays as a placeholder. */
export async function acceptDelete(ctx: AnonContext, postId: string, input: DeletePost): Promise<Accepted> {
  if (!verifyDeleteSignature(input.author, { postId, revision: input.revision }, verifyBytesNative)) throw new BadAuthorSignatureError()
  const key = `${postId}@${input.revision + 1}`
  const waiting = waitingChange(ctx, key, input.author.signature)
  if (waiting) return waiting
  const post = await postForChange(ctx, { postId, publicKey: input.author.publicKey, revision: input.revision, edit: null })
  if (post.done) return { state: 'existing', threadId: post.threadId, postId }
  if (ctx.mixer.pendingChange(postId)) throw new RevisionConflictError()
  return ctx.mixer.submit({
    key,
    kind: 'delete',
    threadId: post.threadId,
    postId,
    revision: input.revision + 1,
    authorKey: post.authorKey,
    tokenHash: null,
    signature: input.author.signature,
    locks: { threads: [post.threadId], posts: [postId] },
    apply: (tx, at) => applyDelete(tx, { postId, authorKey: post.authorKey, revision: input.revision }, at),
  })
}
