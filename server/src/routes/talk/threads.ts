import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { acceptedEncoding, COMPRESSION, compressOnce, type Encoding, sendEncoded } from '../../http/compression.js'
import { countTalkRead } from '../../services/limits/read-limits.js'
import { Type } from '@sinclair/typebox'
import { TALK, TALK_FORUM } from '../../../../shared/src/api/limits.js'
import { ChannelList, CreateChannel, PublicHot, ThreadDetail, ThreadList, ThreadListQuery, ThreadPageQuery, UpdateChannel } from '../../../../shared/src/api/talk.js'
import { NoContent } from '../../../../shared/src/api/common.js'
import type { AppContext } from '../../context.js'
import { requireRole, sessionOf } from '../../http/auth.js'
import { problems, SESSION_SECURITY } from '../../http/schema-helpers.js'
import { PUBLIC } from '../../http/session-scope.js'
import { hitRateLimit } from '../../services/limits/rate-limits.js'
import * as channels from '../../services/talk/channels.js'
import * as reading from '../../services/talk/reading.js'
import * as views from '../../views/talk.js'

const Id = Type.Object({ id: Type.String({ format: 'uuid' }) })
const SlugParam = Type.Object({ slug: Type.String({ maxLength: 64 }) })

/**
 * The bytes of a page of Work Talk, rendered once per page the read cache holds (the same for every
 * reader: what the page shows is decided by its data alone) and sent as they are — compressed once
 * too, for each encoding asked for. `state` names anything else the rendering depended on (a poll
 * open or closed): another state renders again.
 */
interface Rendered {
  state: number
  bytes: Buffer
  encoded: Partial<Record<Encoding, Buffer>>
}
const rendered = new WeakMap<object, Rendered>()
function sendRendered(req: FastifyRequest, reply: FastifyReply, page: object, state: number, view: () => unknown) {
  let done = rendered.get(page)
  if (done?.state !== state) {
    // The route's own response serializer, as if the view had been returned.
    const text = reply.serialize(view())
    done = { state, bytes: Buffer.isBuffer(text) ? text : Buffer.from(text as string), encoded: {} }
    rendered.set(page, done)
  }
  const encoding = done.bytes.length >= COMPRESSION.thresholdBytes ? acceptedEncoding(req) : null
  const bytes = encoding ? (done.encoded[encoding] ??= compressOnce(done.bytes, encoding)) : done.bytes
  return sendEncoded(reply, 'application/json; charset=utf-8', encoding, bytes)
}

/** Images never change once stored (an id names one set of bytes): a browser keeps them a year. */
const IMAGE_CACHE = 'private, max-age=31536000, immutable'

/**
 * Reading Work Talk, with a session (verified members), and its public window. The anonymous
 * writes are not here: they live in the sealed anonymous module (server/src/anon/), in a scope
 * without sessions. Reading writes nothing: no read counters, no per-account read limits.
 */
export function talkThreadRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/talk/channels',
      {
        schema: {
          tags: ['talk'],
          summary: 'Channels and your company boards',
          description:
            'The open channel and the topic channels (archived ones marked: readable, closed to new threads), then a board per company you currently work at — with whether it exists yet (a company needs MIN_ANONYMITY_SET current verified members) and why not.',
          security: SESSION_SECURITY,
          response: { 200: ChannelList, ...problems(401, 403) },
        },
      },
      async (req) => {
        const session = sessionOf(req)
        const { accountId } = session
        await reading.requireVerifiedReader(ctx, session)
        return { channels: await channels.listChannels(ctx, accountId), nextCursor: null }
      },
    )

    app.post(
      '/talk/channels',
      {
        schema: {
          tags: ['talk', 'admin'],
          summary: 'Add a topic channel (admins)',
          description: 'Names in English and Simplified Chinese. 409 `slug_taken` when a channel or a company already has the slug.',
          security: SESSION_SECURITY,
          body: CreateChannel,
          response: { 204: NoContent, ...problems(400, 401, 403, 409) },
        },
      },
      async (req, reply) => {
        await requireRole(ctx, req, 'admin')
        await channels.createChannel(ctx, req.body)
        return reply.code(204).send(null)
      },
    )

    app.patch(
      '/talk/channels/:slug',
      {
        schema: {
          tags: ['talk', 'admin'],
          summary: 'Rename, reorder or archive a channel (admins)',
          description: 'An archived channel keeps its threads readable and takes no new ones. The open channel cannot be archived (409 `open_channel`).',
          security: SESSION_SECURITY,
          params: SlugParam,
          body: UpdateChannel,
          response: { 204: NoContent, ...problems(400, 401, 403, 404, 409) },
        },
      },
      async (req, reply) => {
        await requireRole(ctx, req, 'admin')
        await channels.updateChannel(ctx, req.params.slug, req.body)
        return reply.code(204).send(null)
      },
    )

    app.get(
      '/talk/threads',
      {
        schema: {
          tags: ['talk'],
          summary: 'List threads',
          description:
            'For verified members (current or former). `hot`: the kept ranking score (votes on the opening post, distinct repliers, age); `new`: newest first; `top`: highest score first among the threads of the last day, week or month (`period`). `channel`: a channel, or a company board (403 `not_member` unless you currently work there; 404 `no_board` while the company has too few verified members); without it, every channel but the boards. Each thread brings its first lines and its highlighted (most upvoted) reply. Keyset pagination with `nextCursor`. A thread whose posts were all deleted, or whose opening post is held, hidden or removed, is not listed. Lists and threads together: READS.talkPerAccountPerMinute a minute per account (429 `rate_limited`), counted in memory, never written.',
          security: SESSION_SECURITY,
          querystring: ThreadListQuery,
          response: { 200: ThreadList, ...problems(400, 401, 403, 404, 429) },
        },
      },
      async (req, reply) => {
        const session = sessionOf(req)
        const { accountId } = session
        countTalkRead(ctx, accountId)
        await reading.requireVerifiedReader(ctx, session)
        const page = await reading.listThreads(ctx, accountId, req.query)
        return sendRendered(req, reply, page, 0, () => ({ threads: page.rows.map((r) => views.threadSummary(r, page)), nextCursor: page.nextCursor }))
      },
    )

    app.get(
      '/talk/threads/:id',
      {
        schema: {
          tags: ['talk'],
          summary: 'A thread with its posts, oldest first',
          description:
            `Posts with their scores and images, oldest first, ${TALK.postsPerPage} a page (the next page: \`?cursor=\` with \`nextCursor\`), and the thread's poll (its counts are public; the web client shows them once it has answered or the poll has closed). A deleted opening post leaves its thread with an empty title and a placeholder; a thread with no post left answers 404. A board's thread: 403 \`not_member\` for anyone but its company's current employees.`,
          security: SESSION_SECURITY,
          params: Id,
          querystring: ThreadPageQuery,
          response: { 200: ThreadDetail, ...problems(400, 401, 403, 404, 429) },
        },
      },
      async (req, reply) => {
        const session = sessionOf(req)
        const { accountId } = session
        countTalkRead(ctx, accountId)
        await reading.requireVerifiedReader(ctx, session)
        const t = await reading.getThread(ctx, accountId, req.params.id, req.query.cursor)
        const now = ctx.clock.now()
        // A poll's view changes when it closes: a page rendered while it was open is rendered again after.
        const pollState = t.poll ? (views.poll(t.poll, now).closed ? 2 : 1) : 0
        return sendRendered(req, reply, t, pollState, () => {
          const byPost = new Map<string, (typeof t.images)[number][]>()
          for (const i of t.images) byPost.set(i.postId!, [...(byPost.get(i.postId!) ?? []), i])
          return {
            thread: views.threadSummary(t.thread, t),
            posts: t.posts.map((p) => views.post(p, byPost.get(p.id), t.appeals.get(p.id) ?? null)),
            poll: t.poll ? views.poll(t.poll, now) : null,
            nextCursor: t.nextCursor,
          }
        })
      },
    )

    app.get(
      '/talk/images/:id',
      {
        schema: {
          tags: ['talk'],
          summary: 'An image of a post',
          description: `Pixels only: every upload was decoded and encoded again, so no EXIF, GPS, XMP or ICC data survives. Immutable: \`Cache-Control: ${IMAGE_CACHE}\`. A board's image: its employees only (403 \`not_member\`).`,
          security: SESSION_SECURITY,
          params: Id,
          response: { 200: { type: 'string', format: 'binary', description: 'image/jpeg, image/png or image/webp' }, ...problems(401, 403, 404) },
        },
      },
      async (req, reply) => {
        const session = sessionOf(req)
        const { accountId } = session
        await reading.requireVerifiedReader(ctx, session)
        const img = await reading.getImage(ctx, accountId, req.params.id)
        return reply.type(img.mediaType).header('cache-control', IMAGE_CACHE).header('x-content-type-options', 'nosniff').send(img.bytes)
      },
    )

    app.get(
      '/talk/public/hot',
      {
        config: PUBLIC,
        schema: {
          tags: ['talk'],
          summary: 'What is hot in the open channel (no session)',
          description: `For visitors who are not verified members: the open channel's ${TALK_FORUM.publicHot.size} hottest threads, title and first lines only — never a company board, never a reply. The same answer is reused for ${TALK_FORUM.publicHot.cacheS} s; at most ${TALK_FORUM.publicHot.perAddressPerMinute} requests a minute per address (429 \`rate_limited\`).`,
          response: { 200: PublicHot, ...problems(429) },
        },
      },
      async (req, reply) => {
        await hitRateLimit(ctx, { scope: 'public-hot', key: req.ip, limit: TALK_FORUM.publicHot.perAddressPerMinute, windowS: 60 })
        reply.header('cache-control', `public, max-age=${TALK_FORUM.publicHot.cacheS}`)
        return { threads: await reading.publicHot(ctx), nextCursor: null }
      },
    )
  }
}
