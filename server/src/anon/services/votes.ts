import type { Kysely } from 'kysely'
import type { CastVote } from '../../../../shared/src/api/talk.js'
import { verifyVoteSignature } from '../../../../shared/src/talk/signing.js'
import { AppError, NotFoundError } from '../../errors.js'
import type { AnonContext } from '../context.js'
import { verifyBytesNative } from '../crypto/ed25519.js'
import type { AnonDB } from '../tables.js'
import type { Accepted } from './accept.js'
import { BadAuthorSignatureError } from './errors.js'
import type { Applied } from './pending.js'
import { assertReactToken } from './place.js'
import { rehighlight, rerank } from './ranking.js'
import { checkToken, TokenSpentError } from './redeem.js'

/**
 * Votes (DESIGN §3, §4): up, down or withdrawn, by the voter's pseudonym key of the post's thread,
 * one per (key, post). The first vote of a key on a post spends a `react` token; changing or
 * withdrawing it needs none (the row stays, at 0 when withdrawn, so voting again needs none
 * either). A key never votes on its own post. A vote stores its pseudonym key and value — never
 * an account — and moves the post's counts, the thread's score and hot rank, and its highlight.
 */
export class OwnPostError extends AppError {
  override name = 'OwnPostError'
  constructor() {
    super(403, 'own_post', 'Your own post', 'A pseudonym does not vote on its own posts.')
  }
}
export class TokenRequiredError extends AppError {
  override name = 'TokenRequiredError'
  constructor() {
    super(400, 'token_required', 'A token is needed', "A key's first vote on a post spends a react token.")
  }
}

export const voteKey = (postId: string, voter: string) => `vote:${postId}:${voter}`

export async function acceptVote(ctx: AnonContext, input: CastVote): Promise<Accepted> {
  const tokenMessage = input.token?.message ?? ''
  if (!verifyVoteSignature(input.author, { postId: input.postId, value: input.value, tokenMessage }, verifyBytesNative)) throw new BadAuthorSignatureError()
  const voter = Buffer.from(input.author.publicKey, 'base64url')
  const post = await ctx.db
    .selectFrom('talkPost')
    .innerJoin('talkThread', 'talkThread.id', 'talkPost.threadId')
    .select(['talkPost.id', 'talkPost.threadId', 'talkPost.authorKey', 'talkPost.deleted', 'talkThread.channel', 'talkThread.board'])
    .where('talkPost.id', '=', input.postId)
    .executeTakeFirst()
  if (!post || post.deleted) throw new NotFoundError('post')
  if (post.authorKey.equals(voter)) throw new OwnPostError()
  const key = voteKey(input.postId, input.author.publicKey)
  const waiting = ctx.mixer.find(key)
  const earlier = await ctx.db.selectFrom('talkVote').select('value').where('postId', '=', input.postId).where('authorKey', '=', voter).executeTakeFirst()
  let tokenHash = waiting?.tokenHash ?? null
  if (input.token) {
    const token = await checkToken(ctx, input.token)
    assertReactToken(token)
    if (!tokenHash) {
      if (ctx.mixer.pendingToken(token.hash)) throw new TokenSpentError()
      tokenHash = token.hash
    }
  } else if (!earlier && !waiting) throw new TokenRequiredError()
  // A newer vote of the same key on the same post, while the older one waits, takes its place
  // (and the token the older one carried).
  if (waiting) ctx.mixer.withdraw(key)
  return ctx.mixer.submit({
    key,
    kind: 'vote',
    threadId: post.threadId,
    postId: post.id,
    revision: 0,
    authorKey: voter,
    tokenHash,
    channel: post.channel,
    board: post.board,
    locks: { threads: [post.threadId], posts: [post.id] },
    apply: (tx) => applyVote(tx, { postId: post.id, threadId: post.threadId, voter, value: input.value, paid: tokenHash !== null }),
  })
}

export async function applyVote(tx: Kysely<AnonDB>, v: { postId: string; threadId: string; voter: Buffer; value: -1 | 0 | 1; paid: boolean }): Promise<Applied> {
  const post = await tx.selectFrom('talkPost').select(['isOpening', 'deleted', 'authorKey', 'score']).where('id', '=', v.postId).forUpdate().executeTakeFirst()
  if (!post || post.deleted) throw new NotFoundError('post')
  if (post.authorKey.equals(v.voter)) throw new OwnPostError()
  const earlier = await tx.selectFrom('talkVote').select('value').where('postId', '=', v.postId).where('authorKey', '=', v.voter).forUpdate().executeTakeFirst()
  if (!earlier && !v.paid) throw new TokenRequiredError()
  // Checked, and under the post's lock: from here on nothing refuses the vote.
  const before = earlier?.value ?? 0
  if (earlier) await tx.updateTable('talkVote').set({ value: v.value }).where('postId', '=', v.postId).where('authorKey', '=', v.voter).execute()
  else await tx.insertInto('talkVote').values({ postId: v.postId, authorKey: v.voter, value: v.value }).execute()
  if (before === v.value) return earlier ? { existing: { threadId: v.threadId, postId: v.postId } } : { stored: true }
  const ups = (v.value === 1 ? 1 : 0) - (before === 1 ? 1 : 0)
  const downs = (v.value === -1 ? 1 : 0) - (before === -1 ? 1 : 0)
  const updated = await tx
    .updateTable('talkPost')
    .set((eb) => ({ ups: eb('ups', '+', ups), downs: eb('downs', '+', downs), score: eb('score', '+', v.value - before) }))
    .where('id', '=', v.postId)
    .returning('score')
    .executeTakeFirstOrThrow()
  if (post.isOpening) {
    await tx.updateTable('talkThread').set({ score: updated.score }).where('id', '=', v.threadId).execute()
    await rerank(tx, v.threadId)
  } else await rehighlight(tx, v.threadId)
  return { stored: true }
}
