import { TALK_FORUM } from '../../../shared/src/api/limits.js'
import type { TalkReport } from '../../../shared/src/api/moderation.js'
import type { AnswerPoll, CastVote, CreateReply, CreateThread, DeletePost, EditPost } from '../../../shared/src/api/talk.js'
import { DEFAULT_CHANNEL, POLL_CLOSING_STEP_MS, pollClosingAtOrAfter, signAnyPost, signDelete, signEdit, signPollAnswer, signReport, signVote, signWriteState, type SignedPoll, type Token } from '../../../shared/src/talk/index.js'
import type { SignedRequest } from './anon-fetch.js'
import type { IdentityStore } from './identity.js'
import { isHelpfulItem, isRecordItem, type OutboxEntry } from './outbox.js'
import { helpfulRequest, recordRequest } from './record-requests.js'

/** The post's pseudonym key is not in this browser (another master secret, or the thread is unknown). */
export class NotMyPostError extends Error {
  override name = 'NotMyPostError'
}

const enc = encodeURIComponent
/** A signed poll stays open at least this much longer than the server's minimum, so a resend minutes later still passes. */
const POLL_SLACK_MS = 10 * 60_000

/**
 * The closing time a new thread's poll is signed with, at `now` (when the post goes out): the
 * duration the member asked for (closesAt − the moment of writing), counted from now and rounded
 * up to the hour, within the server's bounds. Counted from the moment of writing, it would tell
 * the server when a post that waited in the outbox was written — the very thing the wait hides.
 */
export function pollClosesAt(poll: { closesAt: string }, createdAt: number, now: number): string {
  const { minOpenS, maxOpenS } = TALK_FORUM.poll
  const asked = Date.parse(poll.closesAt) - createdAt
  const open = Math.min(Math.max(Number.isFinite(asked) ? asked : minOpenS * 1000, minOpenS * 1000 + POLL_SLACK_MS), maxOpenS * 1000 - POLL_CLOSING_STEP_MS)
  return pollClosingAtOrAfter(now + open).toISOString()
}

/**
 * Signs an outbox item into the exact request that will be sent — and, on every resend, sent
 * again unchanged. New posts are signed over the v1 or v2 tuple as DESIGN §3 requires (signAnyPost
 * picks: v2 for a channel other than the open one, images or a poll), bound to the token they
 * spend; edits and deletions over the revision they apply to; votes and poll answers over their
 * own tuples, with the key this browser holds in the thread (its opener key in a thread it opened).
 * A post with images is signed once they are uploaded: `imageIds` must hold every one of them.
 * Company records and helpful marks: record-requests.ts.
 */
export async function signedRequest(item: OutboxEntry, identity: IdentityStore, token?: Token): Promise<SignedRequest> {
  if (isRecordItem(item) || isHelpfulItem(item)) {
    if (!token) throw new RangeError('a record or a helpful mark needs a token')
    return isRecordItem(item) ? recordRequest(item, token) : helpfulRequest(item, identity, token)
  }
  const imageIds = postImageIds(item)
  if (item.kind === 'thread') {
    if (!token || !item.nonce) throw new RangeError('a new thread needs a token and its opener nonce')
    await identity.noteNonce(item.nonce)
    const me = await identity.openerIdentity(item.nonce)
    const channel = item.channel ?? DEFAULT_CHANNEL
    const poll: SignedPoll | null = item.poll ? { options: item.poll.options, closesAt: pollClosesAt(item.poll, item.createdAt, Date.now()) } : null
    const author = signAnyPost(me.seed, { threadId: null, title: item.title, body: item.body, label: item.label, tokenMessage: token.message, channel, imageIds, poll })
    const body: CreateThread = {
      token: tokenOf(token),
      title: item.title,
      body: item.body,
      label: item.label,
      author,
      openerNonce: item.nonce,
      ...(channel !== DEFAULT_CHANNEL && { channel }),
      ...(imageIds.length > 0 && { imageIds }),
      ...(poll && { poll }),
    }
    return { method: 'POST', path: '/threads', body }
  }
  const threadId = item.threadId
  if (!threadId) throw new RangeError('a reply, edit, deletion, vote or answer needs its thread')
  const hints = { openingKey: item.openingKey, openerNonce: item.openerNonce }
  if (item.kind === 'reply') {
    if (!token) throw new RangeError('a reply needs a token')
    const me = await identity.postingIdentity(threadId, hints)
    // Replies carry no channel of their own: "general" in the tuple, as the server verifies them (v1 without images).
    const author = signAnyPost(me.seed, { threadId, title: '', body: item.body, label: item.label, tokenMessage: token.message, channel: DEFAULT_CHANNEL, imageIds, poll: null })
    const body: CreateReply = { token: tokenOf(token), body: item.body, label: item.label, author, ...(imageIds.length > 0 && { imageIds }) }
    return { method: 'POST', path: `/threads/${enc(threadId)}/posts`, body }
  }
  if (item.kind === 'vote') {
    const { postId, value } = item
    if (!postId || value === undefined) throw new RangeError('a vote needs its post and value')
    if (item.firstVote && !token) throw new RangeError("a key's first vote on a post needs a token")
    const me = await identity.postingIdentity(threadId, hints)
    const author = signVote(me.seed, { postId, value, tokenMessage: token?.message ?? '' })
    const body: CastVote = { postId, value, author, ...(token && { token: tokenOf(token) }) }
    return { method: 'POST', path: '/votes', body, stateProof: signWriteState(me.seed, postId, 'vote').signature }
  }
  if (item.kind === 'report') {
    // Paid and signed exactly like a first vote: a `react` token, the reporter's key in this thread.
    const { postId, reason } = item
    if (!postId || !reason || !token) throw new RangeError('a report needs its post, reason and token')
    const me = await identity.postingIdentity(threadId, hints)
    const author = signReport(me.seed, { postId, reason, tokenMessage: token.message })
    const body: TalkReport = { token: tokenOf(token), postId, reason, author }
    return { method: 'POST', path: '/reports', body, stateProof: signWriteState(me.seed, postId, 'report').signature }
  }
  if (item.kind === 'answer') {
    const { pollId, option } = item
    if (!pollId || option === undefined || !token) throw new RangeError('a poll answer needs its poll, option and token')
    const me = await identity.postingIdentity(threadId, hints)
    const author = signPollAnswer(me.seed, { pollId, option, tokenMessage: token.message })
    const body: AnswerPoll = { token: tokenOf(token), option, author }
    return { method: 'POST', path: `/polls/${enc(pollId)}/answers`, body, stateProof: signWriteState(me.seed, pollId, 'answer').signature }
  }
  const postId = item.postId
  const revision = item.revision
  if (!postId || revision === undefined) throw new RangeError('an edit or deletion needs its post and revision')
  const me = (await identity.identities(threadId, hints)).find((i) => i.publicKey === item.authorKey)
  if (!me) throw new NotMyPostError()
  if (item.kind === 'edit') {
    const body: EditPost = { title: item.title, body: item.body, revision, author: signEdit(me.seed, { postId, revision, title: item.title, body: item.body }) }
    return { method: 'PUT', path: `/posts/${enc(postId)}`, body }
  }
  const body: DeletePost = { revision, author: signDelete(me.seed, { postId, revision }) }
  return { method: 'DELETE', path: `/posts/${enc(postId)}`, body }
}

/** The server ids of a post's images, every one uploaded (a post is never signed with some missing). */
function postImageIds(item: OutboxEntry): string[] {
  if (!item.imageRefs?.length) return []
  const ids = item.imageIds ?? []
  if (ids.length !== item.imageRefs.length || ids.some((id) => !id)) throw new RangeError('a post is signed once all its images are uploaded')
  return ids as string[]
}

/** The public key that signed a request (votes, answers, reports and helpful marks are asked about by it). */
export function signerOf(request: SignedRequest): string | undefined {
  const body = request.body as { author?: { publicKey?: unknown }; voter?: { publicKey?: unknown } } | null
  const key = body?.author?.publicKey ?? body?.voter?.publicKey
  return typeof key === 'string' ? key : undefined
}

export const tokenOf = (t: Token): Token => ({ keyId: t.keyId, message: t.message, signature: t.signature })
