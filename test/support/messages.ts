import assert from 'node:assert/strict'
import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../server/src/context.js'

/** Small API helpers for the messages and notifications tests, through the public API. */
export function messagesClient(app: FastifyInstance) {
  const call = (who: { cookie: string }, method: 'GET' | 'POST', url: string, payload?: unknown) =>
    app.inject({ method, url: `/api/v1${url}`, headers: { cookie: who.cookie }, ...(payload !== undefined && { payload: payload as object }) })
  return {
    call,
    async start(from: { cookie: string }, handles: string[], body?: string) {
      const res = await call(from, 'POST', '/conversations', { handles, ...(body !== undefined && { body }) })
      assert.ok(res.statusCode === 201 || res.statusCode === 200, res.body)
      return res.json().id as string
    },
    async send(from: { cookie: string }, id: string, body: string) {
      const res = await call(from, 'POST', `/conversations/${id}/messages`, { body })
      assert.equal(res.statusCode, 201, res.body)
      return res.json() as { id: string; body: string }
    },
    async list(who: { cookie: string }, box: 'inbox' | 'requests' = 'inbox') {
      const res = await call(who, 'GET', `/conversations?box=${box}`)
      assert.equal(res.statusCode, 200, res.body)
      return res.json() as { conversations: { id: string; state: string; unread: number; canPost: boolean; participants: { handle: string }[]; lastMessage: { body: string } | null }[]; unreadTotal: number; requests: number; nextCursor: string | null }
    },
    async notifications(who: { cookie: string }) {
      const res = await call(who, 'GET', '/notifications')
      assert.equal(res.statusCode, 200, res.body)
      return res.json() as { notifications: { id: string; kind: string; read: boolean; actor: { handle: string } | null; targetId: string | null; approved?: boolean; company?: string }[]; unread: number; nextCursor: string | null }
    },
  }
}

/** Two members connected straight in the database (for tests that need many connections). */
export async function connectDirect(ctx: AppContext, a: string, b: string) {
  const now = new Date(Math.floor(Date.now() / 60_000) * 60_000)
  await ctx.db.insertInto('connection').values({ requesterId: a, addresseeId: b, state: 'accepted', note: null, createdAt: now, acceptedAt: now }).execute()
}
