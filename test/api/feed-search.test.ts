import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { buildTestApp, signUp, type TestApp } from '../support/app.js'
import { feedClient } from '../support/feed.js'
import { networkClient } from '../support/network.js'

let t: TestApp
let feed: ReturnType<typeof feedClient>
let net: ReturnType<typeof networkClient>
before(async () => {
  t = await buildTestApp()
  feed = feedClient(t.app)
  net = networkClient(t.app)
})
after(() => t.close())

const search = async (who: { cookie: string }, q: string, type?: string) => {
  const res = await feed.call(who, 'GET', `/search?q=${encodeURIComponent(q)}${type ? `&type=${type}` : ''}`)
  assert.equal(res.statusCode, 200, res.body)
  return res.json() as { results: { type: string; post?: { id: string; body: string } }[]; counts: { posts: number } | null }
}
const postIds = (a: Awaited<ReturnType<typeof search>>) => a.results.filter((r) => r.type === 'post').map((r) => r.post!.id)

describe('GET /api/v1/search type=posts', () => {
  it('finds a Chinese feed post by a Chinese word: 年终奖 in 今年的年终奖取消了', async () => {
    const a = await signUp(t.app)
    const post = await feed.post(a, '今年的年终奖取消了')
    const reader = await signUp(t.app)
    assert.deepEqual(postIds(await search(reader, '年终奖', 'posts')), [post.id])
    const all = await search(reader, '年终奖')
    assert.deepEqual(postIds(all), [post.id])
    assert.equal(all.counts?.posts, 1)
  })

  it('follows edits and deletes', async () => {
    const a = await signUp(t.app)
    const post = await feed.post(a, 'quarterly offsite in Hangzhou')
    const reader = await signUp(t.app)
    assert.deepEqual(postIds(await search(reader, 'offsite', 'posts')), [post.id])
    await feed.call(a, 'PATCH', `/feed/posts/${post.id}`, { body: 'quarterly retreat in Hangzhou' })
    assert.deepEqual(postIds(await search(reader, 'offsite', 'posts')), [])
    assert.deepEqual(postIds(await search(reader, 'retreat', 'posts')), [post.id])
    await feed.call(a, 'DELETE', `/feed/posts/${post.id}`)
    assert.deepEqual(postIds(await search(reader, 'retreat', 'posts')), [])
  })

  it('leaves out posts across a block, both ways', async () => {
    const a = await signUp(t.app)
    const b = await signUp(t.app)
    const byA = await feed.post(a, 'zeppelinword from a')
    const byB = await feed.post(b, 'zeppelinword from b')
    await net.block(a, b.handle)
    assert.deepEqual(postIds(await search(a, 'zeppelinword', 'posts')), [byA.id])
    assert.deepEqual(postIds(await search(b, 'zeppelinword', 'posts')), [byB.id])
    assert.deepEqual(postIds(await search(await signUp(t.app), 'zeppelinword', 'posts')).sort(), [byA.id, byB.id].sort())
  })
})
