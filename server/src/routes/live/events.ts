import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import type { FastifyReply } from 'fastify'
import type { OutgoingHttpHeaders } from 'node:http'
import type { MemberEvent } from '../../../../shared/src/api/live.js'
import { LIVE } from '../../../../shared/src/api/limits.js'
import type { AppContext } from '../../context.js'
import { sessionOf } from '../../http/auth.js'
import { problems, SESSION_SECURITY } from '../../http/schema-helpers.js'
import { MEMBER_STREAM_LIMITS, type MemberBus } from '../../services/live/bus.js'
import { StreamsClosingError, TooManyMemberStreamsError, TooManyStreamsError } from '../../services/live/errors.js'
import { currentState, formatMarks, later, type Marks, missedSince, parseMarks } from '../../services/live/replay.js'

/** What an EventSource waits before reconnecting after a stream ends (the `retry:` field). */
const RETRY_MS = 5_000
/** A reader this far behind is dropped rather than buffered for. */
const MAX_BUFFERED_BYTES = 256 * 1024

const EventsQuery = Type.Object(
  { lastEventId: Type.Optional(Type.String({ maxLength: 40, description: 'The same as the Last-Event-ID header, for a client that cannot set it.' })) },
  { additionalProperties: false },
)

const DESCRIPTION =
  `Server-Sent Events for the signed-in member (the session cookie). Events: \`ready\` first (counts: unreadMessages, unreadNotifications, requests), ` +
  `\`message\` ({message, unread, unreadTotal, request}), \`notification\` ({notification, unread}), \`counts\` (changed elsewhere), \`resync\` (read the lists again). ` +
  `Each message and notification event has an id \`<message id>.<notification id>\`; reconnecting with it as Last-Event-ID (or ?lastEventId=) replays what ` +
  `came after from the database, up to ${LIVE.replayMax} of each kind (more: one \`resync\`). A comment line every ${MEMBER_STREAM_LIMITS.heartbeatMs / 1000} s; ` +
  `\`retry: ${RETRY_MS}\`; the stream ends after at most ${MEMBER_STREAM_LIMITS.maxAgeMs / 60_000} minutes — reconnect. Nothing of Work Talk is ever sent here. ` +
  `${LIVE.streamsPerMember} streams per member (429 \`too_many_streams\`); 503 \`too_many_streams\` when the server is full.`

/** GET /events (DESIGN §5b): the member's own live stream. */
export function liveRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/events',
      {
        exposeHeadRoute: false,
        schema: {
          tags: ['live'],
          summary: "The member's live events (Server-Sent Events)",
          description: DESCRIPTION,
          security: SESSION_SECURITY,
          querystring: EventsQuery,
          response: { 200: { description: 'An open event stream', content: { 'text/event-stream': { schema: Type.String() } } }, ...problems(400, 401, 429, 503) },
        },
      },
      async (req, reply) => {
        const accountId = sessionOf(req).accountId
        const bus = ctx.live
        if (bus.closed) throw new StreamsClosingError()
        if (bus.subscribers >= bus.limits.maxStreams) throw new TooManyStreamsError()
        if (bus.streamsOf(accountId) >= bus.limits.perMember) throw new TooManyMemberStreamsError(bus.limits.perMember)
        const header = req.headers['last-event-id']
        const since = parseMarks(typeof header === 'string' ? header : req.query.lastEventId)
        reply.hijack()
        await openStream(ctx, reply, bus, accountId, since)
      },
    )
  }
}

/**
 * Writes the stream by hand (the reply is hijacked). The stream subscribes first and holds live
 * events back while it reads what was missed and the counts, so nothing falls in between; events
 * it has already sent (by id) are not sent twice. One long request: the session scope noted its
 * day of use once, when it began; nothing is written while it is open.
 */
async function openStream(ctx: AppContext, reply: FastifyReply, bus: MemberBus, accountId: string, since: Marks | null): Promise<void> {
  const res = reply.raw
  const limits = { ...bus.limits }
  const headers: OutgoingHttpHeaders = {}
  for (const [k, v] of Object.entries(reply.getHeaders())) if (v !== undefined && k !== 'content-length') headers[k] = v
  res.writeHead(200, { ...headers, 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', 'x-accel-buffering': 'no' })

  let done = false
  let held: MemberEvent[] | null = []
  let marks: Marks = since ?? { message: '0', notification: '0' }
  const heartbeat = setInterval(() => write(': keep-alive\n\n'), limits.heartbeatMs)
  const maxAge = setTimeout(() => finish(false), limits.maxAgeMs * (0.9 + Math.random() * 0.1))
  heartbeat.unref()
  maxAge.unref()
  const unsubscribe = bus.subscribe({ accountId, send: (e) => (held ? held.push(e) : send(e)), end: () => finish(false) })

  function write(chunk: string): void {
    if (done) return
    if (res.destroyed || res.writableEnded) return finish(false)
    res.write(chunk)
    if (res.writableLength > MAX_BUFFERED_BYTES) finish(true)
  }
  /** An event, with the stream's marks as its id when it moves them; one already sent is skipped. */
  function send(e: MemberEvent): void {
    let id: string | null = null
    if (e.type === 'message') {
      if (BigInt(e.message.id) <= BigInt(marks.message) && since !== null) return
      marks = { ...marks, message: later(marks.message, e.message.id) }
      id = formatMarks(marks)
    } else if (e.type === 'notification') {
      if (BigInt(e.notification.id) <= BigInt(marks.notification) && since !== null) return
      marks = { ...marks, notification: later(marks.notification, e.notification.id) }
      id = formatMarks(marks)
    }
    write(`event: ${e.type}\n${id ? `id: ${id}\n` : ''}data: ${JSON.stringify(e)}\n\n`)
  }
  function finish(drop: boolean): void {
    if (done) return
    done = true
    clearInterval(heartbeat)
    clearTimeout(maxAge)
    unsubscribe()
    if (drop) res.destroy()
    else if (!res.writableEnded) res.end()
  }
  res.on('close', () => finish(false))
  res.on('error', () => finish(true))
  if (res.socket === null || res.socket.destroyed) return finish(false)
  write(`retry: ${RETRY_MS}\n\n`)

  try {
    const missed = since ? await missedSince(ctx, accountId, since) : []
    const state = await currentState(ctx, accountId)
    for (const e of missed) send(e)
    if (missed.some((e) => e.type === 'resync')) marks = state.marks
    // From here on ids compare against what this stream has sent (or, fresh, what exists now).
    marks = { message: later(marks.message, state.marks.message), notification: later(marks.notification, state.marks.notification) }
    since = since ?? marks
    write(`event: ready\nid: ${formatMarks(marks)}\ndata: ${JSON.stringify(state.ready)}\n\n`)
  } catch (err) {
    ctx.live.log.warn({ err: { message: (err as Error).message } }, 'a live stream could not read its start')
    return finish(false)
  }
  const pending = held
  held = null
  for (const e of pending) send(e)
}
