import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import type { FastifyReply } from 'fastify'
import type { OutgoingHttpHeaders } from 'node:http'
import { AppError, NotFoundError } from '../../errors.js'
import { problems } from '../../http/schema-helpers.js'
import type { AnonContext } from '../context.js'
import type { StreamLimits, TalkEvent, TalkEvents } from '../services/events.js'
import { STREAM_LIMITS } from '../services/events.js'

/** What an EventSource waits before reconnecting after a stream ends (the `retry:` field). */
const RETRY_MS = 10_000
/** Seconds a client is asked to wait when every stream of this process is taken. */
const BUSY_RETRY_AFTER_S = 30
/** A reader this far behind is dropped rather than buffered for (events are tiny: it is not reading). */
const MAX_BUFFERED_BYTES = 64 * 1024

export class TooManyStreamsError extends AppError {
  override name = 'TooManyStreamsError'
  constructor() {
    super(503, 'too_many_streams', 'Too many live streams', `This server holds as many live streams as it can; try again in ${BUSY_RETRY_AFTER_S} seconds.`, {
      'retry-after': String(BUSY_RETRY_AFTER_S),
    })
  }
}

export class StreamsClosingError extends AppError {
  override name = 'StreamsClosingError'
  constructor() {
    super(503, 'shutting_down', 'Shutting down', 'The server is restarting; connect again in a moment.', { 'retry-after': '5' })
  }
}

const EventsQuery = Type.Object(
  { channel: Type.Optional(Type.String({ maxLength: 64, description: "Only this public channel's events (GET /talk/channels); a company board's slug, or any other, is 404." })) },
  { additionalProperties: false },
)

const STREAM = `Server-Sent Events (text/event-stream). Each event is \`event: thread|reply|vote\` with \`data:\` one JSON object: \`{type: "thread", threadId, channel, at}\`, \`{type: "reply", threadId, channel, replyCount, at}\` or \`{type: "vote", threadId, postId, score, at}\` — ids and counts only, never text, a label or an author key; \`at\` is the minute of the mixing window's commit. Events come when a window is committed, not when a write arrives, and never for a company board. A comment line (\`: keep-alive\`) every ${STREAM_LIMITS.heartbeatMs / 1000} s; \`retry: ${RETRY_MS}\`. The server ends a stream after at most ${STREAM_LIMITS.maxAgeMs / 60_000} minutes: reconnect. No id is sent and nothing missed is replayed: read the lists again after a reconnect.`
const NO_SESSION = 'No session: no token or cookie is read, nothing is logged per stream, and the connection closes when the stream ends.'

/** GET /talk/events (DESIGN §5b): live ids and counts of new threads, replies and votes in public channels. */
export function talkEventRoutes(ctx: AnonContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/talk/events',
      {
        // A HEAD would hold a stream slot with no body to send.
        exposeHeadRoute: false,
        schema: {
          tags: ['talk'],
          summary: 'Live updates of Work Talk (Server-Sent Events)',
          description: `${NO_SESSION} ${STREAM} 404 for a channel that is not public; 503 \`too_many_streams\` (with Retry-After) when this server holds as many streams as it can.`,
          querystring: EventsQuery,
          response: {
            200: { description: 'An open event stream', content: { 'text/event-stream': { schema: Type.String() } } },
            ...problems(400, 404, 503),
          },
        },
      },
      async (req, reply) => {
        const { channel } = req.query
        if (channel !== undefined && !(await ctx.events.isPublicChannel(channel))) throw new NotFoundError('channel')
        if (ctx.events.closed) throw new StreamsClosingError()
        if (ctx.events.subscribers >= ctx.events.limits.maxStreams) throw new TooManyStreamsError()
        reply.hijack()
        openStream(reply, ctx.events, channel)
      },
    )
  }
}

/**
 * Writes the stream by hand (the reply is hijacked: no serializer, no onSend hook). So what the
 * anonymous scope's onSend hook would add is added here: `Connection: close`, so that nothing
 * else rides on this connection once the stream ends. Security headers set on the reply earlier
 * (helmet's, at the root) are kept; nothing here sets a cookie or a request id.
 */
function openStream(reply: FastifyReply, events: TalkEvents, channel: string | undefined): void {
  const res = reply.raw
  const limits: StreamLimits = { ...events.limits }
  const headers: OutgoingHttpHeaders = {}
  for (const [k, v] of Object.entries(reply.getHeaders())) if (v !== undefined && k !== 'content-length') headers[k] = v
  res.writeHead(200, {
    ...headers,
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    // Proxies (nginx) would otherwise buffer the stream.
    'x-accel-buffering': 'no',
    connection: 'close',
  })

  let done = false
  const heartbeat = setInterval(() => write(': keep-alive\n\n'), limits.heartbeatMs)
  // 90–100 % of the longest age, so that streams opened together do not all reconnect together.
  const maxAge = setTimeout(() => finish(false), limits.maxAgeMs * (0.9 + Math.random() * 0.1))
  heartbeat.unref()
  maxAge.unref()
  const unsubscribe = events.subscribe({ channel, send: (e) => write(frame(e)), end: () => finish(false) })

  function write(chunk: string): void {
    if (done) return
    if (res.destroyed || res.writableEnded) return finish(false)
    res.write(chunk)
    if (res.writableLength > MAX_BUFFERED_BYTES) finish(true)
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
  // The client went away (or the socket failed): nothing more to write.
  res.on('close', () => finish(false))
  res.on('error', () => finish(true))
  // Gone before the listeners were there: 'close' will not come again.
  if (res.socket === null || res.socket.destroyed) return finish(false)
  write(`retry: ${RETRY_MS}\n\n`)
}

function frame(e: TalkEvent): string {
  return `event: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`
}
