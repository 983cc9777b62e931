/**
 * How the authorization matrix calls Work Talk (session reads and the anonymous, signed writes),
 * company records, search, the feed, messages, notifications, live events and moderation. The
 * anonymous writes are built by the independent client (test/support/independent-client.ts),
 * recorded instead of sent, so the matrix sends them itself — with or without a cookie.
 */
import { sql } from 'kysely'
import { unsubscribeToken } from '../../server/src/services/notifications/digest.js'
import { signAppeal, signHelpful, signReport } from '../../shared/src/talk/signing.js'
import { prepareTokenRequests } from '../../shared/src/talk/tokens.js'
import { type ClientToken, IndependentClient, injectSender, type Send } from '../support/independent-client.js'
import { connectDirect } from '../support/messages.js'
import type { RouteName } from '../support/route-walk.js'
import { type Builder, review } from './authz-calls.js'
import { A, type Account, type Call, V, type World } from './authz-world.js'

const get = (url: string): Call => ({ method: 'GET', url: V + url })
const send = (method: Call['method'], url: string, payload?: unknown): Call => ({ method, url: V + url, ...(payload !== undefined && { payload }) })

/** An independent client whose next write can be recorded as a Call instead of sent. */
function recordingClient(w: World) {
  const real = injectSender(w.app)
  let recorded: Call | null = null
  let recording = false
  const sender: Send = async (req) => {
    if (!recording) return real(req)
    recorded = { method: req.method, url: req.url, ...(req.body !== undefined && { payload: req.body }) }
    return { status: 0, json: {} }
  }
  const client = new IndependentClient(sender)
  return Object.assign(client, {
    async record(write: (c: IndependentClient) => Promise<unknown>): Promise<Call> {
      recording = true
      try {
        await write(client)
      } finally {
        recording = false
      }
      return recorded!
    },
  })
}

const pools = new WeakMap<World, Map<string, ClientToken[]>>()
/** A token of `purpose` (the null company's key), drawn in batches by fresh verified members of A. */
async function token(w: World, purpose: 'talk' | 'react' | 'interview'): Promise<ClientToken> {
  let byPurpose = pools.get(w)
  if (!byPurpose) pools.set(w, (byPurpose = new Map()))
  const pool = byPurpose.get(purpose) ?? []
  byPurpose.set(purpose, pool)
  if (!pool.length) pool.push(...(await w.tokens(await w.freshVerified(A), null, purpose, purpose === 'interview' ? 5 : 20)))
  return pool.pop()!
}
/** A thread opened (and stored: no mixing in tests) by `client`, optionally with a poll or an image. */
async function thread(w: World, client: IndependentClient, extra: Parameters<IndependentClient['openThread']>[6] = {}) {
  const res = await client.openThread(await token(w, 'talk'), 'Matrix thread', 'A body.', 'alias', undefined, undefined, extra)
  if (res.status !== 201) throw new Error(`thread: ${res.status} ${JSON.stringify(res.json)}`)
  return res.json as { threadId: string; postId: string }
}
async function talkImage(w: World, tok: ClientToken): Promise<string> {
  const res = await w.call(w.multipart('POST', `${V}/talk/images`, [{ name: 'token', value: JSON.stringify(tok) }, { name: 'file', value: w.png, filename: 'a.png', type: 'image/png' }]), null)
  if (res.statusCode !== 201) throw new Error(`talk image: ${res.statusCode} ${res.body}`)
  return res.json().imageId
}
const nextWholeHour = (w: World, hours: number) => new Date(Math.ceil((w.t.ctx.clock.now().getTime() + hours * 3_600_000) / 3_600_000) * 3_600_000).toISOString()
const seed = () => crypto.getRandomValues(new Uint8Array(32))

const feedPost = async (w: World, a: Account): Promise<string> => (await w.ok(a, 'POST', `${V}/feed/posts`, { body: 'A matrix post.' })).id
const comment = async (w: World, a: Account, postId: string): Promise<string> => (await w.ok(a, 'POST', `${V}/feed/posts/${postId}/comments`, { body: 'A comment.' })).id
/** A conversation `a` is in, with a fresh member (connected, so not a request). */
async function conversation(w: World, a: Account): Promise<string> {
  const peer = await w.fresh()
  await connectDirect(w.t.ctx, a.id, peer.id)
  return (await w.ok(a, 'POST', `${V}/conversations`, { handles: [peer.handle], body: 'Hello' })).id
}
/** A message request to `to` from a fresh member. */
const request = async (w: World, to: Account): Promise<string> => (await w.ok(await w.fresh(), 'POST', `${V}/conversations`, { handles: [to.handle], body: 'Hello there' })).id

export const TALK_CALLS: Record<RouteName, Builder> = {
  [`GET ${V}/talk/keys`]: async () => get('/talk/keys'),
  [`GET ${V}/talk/keys/log`]: async () => get('/talk/keys/log'),
  [`POST ${V}/talk/tokens`]: async ({ w }) => {
    const key = (await w.client().directory()).find((k) => k.company === null && k.purpose === 'talk')!
    return send('POST', '/talk/tokens', { keyId: key.keyId, blindedMessages: (await prepareTokenRequests(key.publicKey, 1)).blindedMessages })
  },
  [`GET ${V}/talk/channels`]: async () => get('/talk/channels'),
  [`POST ${V}/talk/channels`]: async ({ w }) => send('POST', '/talk/channels', { slug: w.uniqueSlug('chan'), nameEn: 'Matrix', nameZh: '矩阵' }),
  [`PATCH ${V}/talk/channels/:slug`]: async ({ w }) => {
    const slug = w.uniqueSlug('chan')
    await w.ok(w.accounts.admin, 'POST', `${V}/talk/channels`, { slug, nameEn: 'Matrix', nameZh: '矩阵' })
    return send('PATCH', `/talk/channels/${slug}`, { position: 7 })
  },
  [`GET ${V}/talk/threads`]: async () => get('/talk/threads?sort=new'),
  [`GET ${V}/talk/threads/:id`]: async ({ w }) => get(`/talk/threads/${(await thread(w, w.client())).threadId}`),
  [`GET ${V}/talk/images/:id`]: async ({ w }) => {
    const tok = await token(w, 'talk')
    const imageId = await talkImage(w, tok)
    const res = await w.client().openThread(tok, 'With an image', 'See it.', 'alias', undefined, undefined, { imageIds: [imageId] })
    if (res.status !== 201) throw new Error(`thread with image: ${res.status}`)
    return get(`/talk/images/${imageId}`)
  },
  [`GET ${V}/talk/public/hot`]: async () => get('/talk/public/hot'),

  [`POST ${V}/talk/threads`]: async ({ w }) => {
    const tok = await token(w, 'talk')
    return recordingClient(w).record((c) => c.openThread(tok, 'Matrix thread', 'A body.', 'alias'))
  },
  [`POST ${V}/talk/threads/:id/posts`]: async ({ w }) => {
    const { threadId } = await thread(w, w.client())
    const tok = await token(w, 'talk')
    return recordingClient(w).record((c) => c.reply(threadId, tok, 'A reply.', 'alias'))
  },
  [`PUT ${V}/talk/posts/:id`]: async ({ w, own }) => {
    const author = recordingClient(w)
    const { threadId, postId } = await thread(w, author)
    return (own ? author : recordingClient(w)).record((c) => c.edit(threadId, postId, 0, 'Matrix thread', 'Edited.'))
  },
  [`DELETE ${V}/talk/posts/:id`]: async ({ w, own }) => {
    const author = recordingClient(w)
    const { threadId, postId } = await thread(w, author)
    return (own ? author : recordingClient(w)).record((c) => c.remove(threadId, postId, 0))
  },
  [`GET ${V}/talk/writes/:postId`]: async ({ w }) => get(`/talk/writes/${(await thread(w, w.client())).postId}`),
  [`POST ${V}/talk/votes`]: async ({ w }) => {
    const { threadId, postId } = await thread(w, w.client())
    const tok = await token(w, 'react')
    return recordingClient(w).record((c) => c.vote(threadId, postId, 1, tok))
  },
  [`POST ${V}/talk/polls/:id/answers`]: async ({ w }) => {
    const { threadId } = await thread(w, w.client(), { poll: { options: ['Yes', 'No'], closesAt: nextWholeHour(w, 3) } })
    const tok = await token(w, 'react')
    return recordingClient(w).record((c) => c.answer(threadId, 0, tok))
  },
  [`POST ${V}/talk/images`]: async ({ w }) =>
    w.multipart('POST', `${V}/talk/images`, [{ name: 'token', value: JSON.stringify(await token(w, 'talk')) }, { name: 'file', value: w.png, filename: 'a.png', type: 'image/png' }]),
  [`GET ${V}/talk/events`]: async () => ({ ...get('/talk/events'), stream: true }),

  [`POST ${V}/companies/:slug/reviews`]: async ({ w }) => {
    const [tok] = await w.tokens(await w.freshVerified(A), A, 'review', 1)
    return send('POST', `/companies/${A}/reviews`, { token: tok, ratings: { overall: 3, culture: 3, workLife: 3, compensation: 3, management: 3, growth: 3 }, recommend: false, pros: 'Good.', cons: 'Bad.', employment: 'current', titleFamily: 'engineering' })
  },
  [`POST ${V}/companies/:slug/salaries`]: async ({ w }) => {
    const [tok] = await w.tokens(await w.freshVerified(A), A, 'salary', 1)
    return send('POST', `/companies/${A}/salaries`, { token: tok, titleFamily: 'engineering', location: 'Shanghai', yearsExperience: 3, base: 300_000, currency: 'CNY', year: w.t.ctx.clock.now().getUTCFullYear() })
  },
  [`POST ${V}/companies/:slug/interviews`]: async ({ w }) =>
    send('POST', `/companies/${A}/interviews`, { token: await token(w, 'interview'), position: 'Engineer', outcome: 'pending', difficulty: 3, experience: 'neutral', body: 'Two rounds.' }),
  [`POST ${V}/companies/:slug/reviews/:id/helpful`]: async ({ w }) => {
    const reviewId = await review(w, A)
    const tok = await token(w, 'react')
    return send('POST', `/companies/${A}/reviews/${reviewId}/helpful`, { token: tok, voter: signHelpful(seed(), { reviewId, tokenMessage: tok.message }) })
  },

  [`GET ${V}/search`]: async () => get('/search?q=matrix'),
  [`POST ${V}/feed/posts`]: async () => send('POST', '/feed/posts', { body: 'Posted by the matrix.' }),
  [`GET ${V}/feed/posts/:id`]: async ({ w }) => get(`/feed/posts/${await feedPost(w, w.other)}`),
  [`PATCH ${V}/feed/posts/:id`]: async ({ w, who, own }) => send('PATCH', `/feed/posts/${await feedPost(w, own ? who : w.other)}`, { body: 'Edited.' }),
  [`DELETE ${V}/feed/posts/:id`]: async ({ w, who, own }) => send('DELETE', `/feed/posts/${await feedPost(w, own ? who : w.other)}`),
  [`GET ${V}/feed`]: async () => get('/feed'),
  [`GET ${V}/users/:handle/posts`]: async ({ w }) => get(`/users/${w.other.handle}/posts`),
  [`POST ${V}/feed/posts/:id/likes`]: async ({ w }) => send('POST', `/feed/posts/${await feedPost(w, w.other)}/likes`),
  [`DELETE ${V}/feed/posts/:id/likes`]: async ({ w }) => send('DELETE', `/feed/posts/${await feedPost(w, w.other)}/likes`),
  [`POST ${V}/feed/posts/:id/comments`]: async ({ w }) => send('POST', `/feed/posts/${await feedPost(w, w.other)}/comments`, { body: 'A comment.' }),
  [`GET ${V}/feed/posts/:id/comments`]: async ({ w }) => get(`/feed/posts/${await feedPost(w, w.other)}/comments`),
  [`PATCH ${V}/feed/comments/:id`]: async ({ w, who, own }) => send('PATCH', `/feed/comments/${await comment(w, own ? who : w.other, await feedPost(w, w.other))}`, { body: 'Edited.' }),
  [`DELETE ${V}/feed/comments/:id`]: async ({ w, who, own }) => send('DELETE', `/feed/comments/${await comment(w, own ? who : w.other, await feedPost(w, w.other))}`),
  [`GET ${V}/feed/images/:id`]: async ({ w, who, own }) => {
    const res = await w.call(w.multipart('POST', `${V}/feed/images`, [{ name: 'image', value: w.png, filename: 'a.png', type: 'image/png' }]), own ? who : w.other)
    return get(`/feed/images/${res.json().imageId}`)
  },
  [`POST ${V}/feed/images`]: async ({ w }) => w.multipart('POST', `${V}/feed/images`, [{ name: 'image', value: w.png, filename: 'a.png', type: 'image/png' }]),

  [`POST ${V}/conversations`]: async ({ w }) => send('POST', '/conversations', { handles: [(await w.fresh()).handle], body: 'Hello' }),
  [`GET ${V}/conversations`]: async () => get('/conversations'),
  [`GET ${V}/conversations/:id/messages`]: async ({ w, who, own }) => get(`/conversations/${await conversation(w, own ? who : w.other)}/messages`),
  [`POST ${V}/conversations/:id/messages`]: async ({ w, who, own }) => send('POST', `/conversations/${await conversation(w, own ? who : w.other)}/messages`, { body: 'Hi again' }),
  [`POST ${V}/conversations/:id/read`]: async ({ w, who, own }) => send('POST', `/conversations/${await conversation(w, own ? who : w.other)}/read`),
  [`POST ${V}/conversations/:id/accept`]: async ({ w, who, own }) => send('POST', `/conversations/${await request(w, own ? who : w.other)}/accept`),
  [`POST ${V}/conversations/:id/decline`]: async ({ w, who, own }) => send('POST', `/conversations/${await request(w, own ? who : w.other)}/decline`),

  [`GET ${V}/notifications`]: async () => get('/notifications'),
  [`POST ${V}/notifications/read`]: async () => send('POST', '/notifications/read', {}),
  [`GET ${V}/me/notification-settings`]: async () => get('/me/notification-settings'),
  [`PUT ${V}/me/notification-settings`]: async ({ w, who }) => send('PUT', '/me/notification-settings', await w.ok(who, 'GET', `${V}/me/notification-settings`)),
  [`POST ${V}/unsubscribe`]: async ({ w }) => ({ method: 'POST', url: `${V}/unsubscribe?token=${unsubscribeToken(w.t.ctx, (await w.fresh()).id)}` }),
  [`GET ${V}/unsubscribe`]: async ({ w }) => get(`/unsubscribe?token=${unsubscribeToken(w.t.ctx, (await w.fresh()).id)}`),
  [`GET ${V}/events`]: async () => ({ ...get('/events'), stream: true }),

  [`GET ${V}/moderation/queue`]: async () => get('/moderation/queue'),
  [`POST ${V}/moderation/actions`]: async ({ w }) =>
    send('POST', '/moderation/actions', { targetType: 'feed_post', targetId: await feedPost(w, await w.fresh()), action: 'hide', reason: 'spam' }),
  [`GET ${V}/moderation/log`]: async () => get('/moderation/log'),
  [`GET ${V}/moderation/transparency`]: async () => get('/moderation/transparency'),
  [`POST ${V}/takedown-requests`]: async () =>
    send('POST', '/takedown-requests', { contact: 'named.person@example.com', url: 'http://127.0.0.1:3000/talk/t/00000000-0000-4000-8000-000000000000', reason: 'personal_info', details: 'It names me.' }),
  [`POST ${V}/reports`]: async ({ w }) => send('POST', '/reports', { targetType: 'feed_post', targetId: await feedPost(w, w.other), reason: 'spam' }),
  [`POST ${V}/talk/reports`]: async ({ w, own }) => {
    // Own: the post's author reporting its own post (403 own_post); other: another member's key.
    const author = w.client()
    const { threadId, postId } = await thread(w, author)
    const tok = await token(w, 'react')
    const reporterSeed = own ? author.threadSeed(threadId) : seed()
    return send('POST', '/talk/reports', { token: tok, postId, reason: 'spam', author: signReport(reporterSeed, { postId, reason: 'spam', tokenMessage: tok.message }) })
  },
  [`POST ${V}/talk/appeals`]: async ({ w, own }) => {
    const author = w.client()
    const { threadId, postId } = await thread(w, author)
    // What a moderator's removal leaves (the moderation routes have rows of their own).
    await sql`update talk_post set moderation = 'removed', moderation_reason = 'spam' where id = ${postId}`.execute(w.t.ctx.db)
    const body = 'Please look again.'
    return send('POST', '/talk/appeals', { postId, body, author: signAppeal(own ? author.threadSeed(threadId) : seed(), { postId, body }) })
  },
}
