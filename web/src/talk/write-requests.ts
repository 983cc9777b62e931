import type { CreateReply, CreateThread, DeletePost, EditPost } from '../../../shared/src/api/talk.js'
import { DEFAULT_CHANNEL, signAnyPost, signDelete, signEdit, type Token } from '../../../shared/src/talk/index.js'
import type { SignedRequest } from './anon-fetch.js'
import type { IdentityStore } from './identity.js'
import type { OutboxItem } from './outbox.js'

/** The post's pseudonym key is not in this browser (another master secret, or the thread is unknown). */
export class NotMyPostError extends Error {
  override name = 'NotMyPostError'
}

const enc = encodeURIComponent

/**
 * Signs an outbox item into the exact request that will be sent — and, on every resend, sent
 * again unchanged. New posts are signed over the v1 or v2 tuple as DESIGN §3 requires (signAnyPost
 * picks), bound to the token they spend; edits and deletions over the revision they apply to.
 */
export async function signedRequest(item: OutboxItem, identity: IdentityStore, token?: Token): Promise<SignedRequest> {
  if (item.kind === 'thread') {
    if (!token || !item.nonce) throw new RangeError('a new thread needs a token and its opener nonce')
    await identity.noteNonce(item.nonce)
    const me = await identity.openerIdentity(item.nonce)
    const channel = item.channel ?? DEFAULT_CHANNEL
    const author = signAnyPost(me.seed, { threadId: null, title: item.title, body: item.body, label: item.label, tokenMessage: token.message, channel, imageIds: [], poll: null })
    const body: CreateThread = { token: tokenOf(token), title: item.title, body: item.body, label: item.label, author, openerNonce: item.nonce, ...(channel !== DEFAULT_CHANNEL && { channel: channel as NonNullable<CreateThread['channel']> }) }
    return { method: 'POST', path: '/threads', body }
  }
  const threadId = item.threadId
  if (!threadId) throw new RangeError('a reply, edit or deletion needs its thread')
  const hints = { openingKey: item.openingKey, openerNonce: item.openerNonce }
  if (item.kind === 'reply') {
    if (!token) throw new RangeError('a reply needs a token')
    const me = await identity.postingIdentity(threadId, hints)
    // Replies carry no channel of their own: the v1 tuple, as the server verifies them.
    const author = signAnyPost(me.seed, { threadId, title: '', body: item.body, label: item.label, tokenMessage: token.message, channel: DEFAULT_CHANNEL, imageIds: [], poll: null })
    const body: CreateReply = { token: tokenOf(token), body: item.body, label: item.label, author }
    return { method: 'POST', path: `/threads/${enc(threadId)}/posts`, body }
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

const tokenOf = (t: Token): Token => ({ keyId: t.keyId, message: t.message, signature: t.signature })

