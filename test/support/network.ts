import assert from 'node:assert/strict'
import type { FastifyInstance } from 'fastify'

/** Small API helpers for the network tests: each goes through the public API and checks its answer. */
export function networkClient(app: FastifyInstance) {
  const call = (cookie: string, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) =>
    app.inject({ method, url: `/api/v1${url}`, headers: { cookie }, ...(payload !== undefined && { payload: payload as object }) })
  return {
    call,
    async invite(from: { cookie: string }, to: { handle: string }, note?: string) {
      return call(from.cookie, 'POST', '/connections', { handle: to.handle, ...(note !== undefined && { note }) })
    },
    /** A invites B and B accepts. */
    async connect(a: { cookie: string }, b: { cookie: string; handle: string }) {
      const res = await call(a.cookie, 'POST', '/connections', { handle: b.handle })
      assert.equal(res.statusCode, 201, res.body)
      const acc = await call(b.cookie, 'POST', `/connections/${res.json().id}/accept`)
      assert.equal(acc.statusCode, 204, acc.body)
      return res.json().id as string
    },
    async profile(viewer: { cookie: string }, handle: string) {
      return call(viewer.cookie, 'GET', `/users/${handle}`)
    },
    async list(viewer: { cookie: string }, state: 'accepted' | 'incoming' | 'outgoing' = 'accepted') {
      const res = await call(viewer.cookie, 'GET', `/connections?state=${state}`)
      assert.equal(res.statusCode, 200, res.body)
      return res.json() as { connections: { id: string; state: string; note: string | null; person: { handle: string; degree: number | null } }[]; nextCursor: string | null }
    },
    async block(viewer: { cookie: string }, handle: string) {
      const res = await call(viewer.cookie, 'POST', '/blocks', { handle })
      assert.equal(res.statusCode, 204, res.body)
    },
    async suggestions(viewer: { cookie: string }) {
      const res = await call(viewer.cookie, 'GET', '/connections/suggestions')
      assert.equal(res.statusCode, 200, res.body)
      return (res.json() as { people: { handle: string; mutualCount: number; sharedSchools: number; sharedEmployers: number }[] }).people
    },
  }
}
