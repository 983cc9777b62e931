import assert from 'node:assert/strict'
import type { FastifyInstance } from 'fastify'
import type { FeedComment, FeedPage, FeedPost } from '../../shared/src/api/feed.js'

type Who = { cookie: string }

/** API helpers for the feed tests: each goes through the public API. */
export function feedClient(app: FastifyInstance) {
  const call = (who: Who, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
    app.inject({ method, url: `/api/v1${url}`, headers: { cookie: who.cookie }, ...(payload !== undefined && { payload: payload as object }) })
  return {
    call,
    async post(who: Who, body: string, extra: { imageIds?: string[]; reshareOf?: string } = {}): Promise<FeedPost> {
      const res = await call(who, 'POST', '/feed/posts', { body, ...extra })
      assert.equal(res.statusCode, 201, res.body)
      return res.json()
    },
    async feed(who: Who, cursor?: string): Promise<FeedPage> {
      const res = await call(who, 'GET', `/feed${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`)
      assert.equal(res.statusCode, 200, res.body)
      return res.json()
    },
    /** Every page of the home feed, in order. */
    async wholeFeed(who: Who): Promise<FeedPost[]> {
      const out: FeedPost[] = []
      let cursor: string | undefined
      for (let i = 0; i < 100; i++) {
        const page: FeedPage = await this.feed(who, cursor)
        out.push(...page.posts)
        if (!page.nextCursor) return out
        cursor = page.nextCursor
      }
      throw new Error('the feed does not end')
    },
    async like(who: Who, postId: string) {
      const res = await call(who, 'POST', `/feed/posts/${postId}/likes`)
      assert.equal(res.statusCode, 200, res.body)
      return res.json() as { liked: boolean; likeCount: number }
    },
    async comment(who: Who, postId: string, body: string, parentId?: string): Promise<FeedComment> {
      const res = await call(who, 'POST', `/feed/posts/${postId}/comments`, { body, ...(parentId && { parentId }) })
      assert.equal(res.statusCode, 201, res.body)
      return res.json()
    },
    async comments(who: Who, postId: string) {
      const res = await call(who, 'GET', `/feed/posts/${postId}/comments`)
      assert.equal(res.statusCode, 200, res.body)
      return (res.json() as { comments: FeedComment[] }).comments
    },
    async get(who: Who, postId: string) {
      return call(who, 'GET', `/feed/posts/${postId}`)
    },
  }
}
