import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import sharp from 'sharp'
import { FEED } from '../../shared/src/api/limits.js'
import { buildTestApp, signUp, testClock, type TestApp } from '../support/app.js'
import { feedClient } from '../support/feed.js'
import { METADATA_SENTINELS, photoWithMetadata } from '../support/images.js'
import { multipartBody } from '../support/multipart.js'
import { networkClient } from '../support/network.js'
import { runMaintenance } from '../../server/src/services/maintenance.js'

const clock = testClock(new Date('2026-12-01T09:00:00Z'))
let t: TestApp
let feed: ReturnType<typeof feedClient>
let net: ReturnType<typeof networkClient>
before(async () => {
  t = await buildTestApp({ clock })
  feed = feedClient(t.app)
  net = networkClient(t.app)
})
after(() => t.close())

async function upload(who: { cookie: string }, image: Buffer) {
  const { payload, headers } = multipartBody([{ name: 'image', value: image, filename: 'photo.jpg', type: 'image/jpeg' }])
  return t.app.inject({ method: 'POST', url: '/api/v1/feed/images', payload, headers: { ...headers, cookie: who.cookie } })
}

describe('POST /api/v1/feed/images and posts with images', () => {
  it('re-encodes uploads without EXIF, GPS or XMP and serves them from our origin with a long cache', async () => {
    const a = await signUp(t.app)
    const res = await upload(a, await photoWithMetadata('jpeg'))
    assert.equal(res.statusCode, 201, res.body)
    const post = await feed.post(a, 'with a picture', { imageIds: [res.json().imageId] })
    assert.equal(post.images.length, 1)
    const reader = await signUp(t.app)
    const img = await t.app.inject({ method: 'GET', url: post.images[0]!.url, headers: { cookie: reader.cookie } })
    assert.equal(img.statusCode, 200)
    assert.match(String(img.headers['cache-control']), /max-age=31536000/)
    for (const s of METADATA_SENTINELS) assert.ok(!img.rawPayload.includes(s), s)
    const meta = await sharp(img.rawPayload).metadata()
    assert.equal(meta.exif, undefined)
    assert.equal(meta.xmp, undefined)
  })

  it(`takes ${FEED.images.perPost} images on a post and refuses ${FEED.images.perPost + 1}`, async () => {
    const a = await signUp(t.app)
    const ids: string[] = []
    for (let i = 0; i <= FEED.images.perPost; i++) ids.push((await upload(a, await photoWithMetadata('png', 40, 30))).json().imageId)
    const tooMany = await feed.call(a, 'POST', '/feed/posts', { body: 'five', imageIds: ids })
    assert.equal(tooMany.statusCode, 400)
    assert.equal(tooMany.json().code, 'validation_failed')
    const post = await feed.post(a, '', { imageIds: ids.slice(0, FEED.images.perPost) })
    assert.deepEqual(post.images.map((i) => i.id), ids.slice(0, FEED.images.perPost), 'in the order given')
  })

  it(`refuses a file over ${FEED.images.maxBytes} bytes with 413 and a non-image with 415`, async () => {
    const a = await signUp(t.app)
    const big = await upload(a, Buffer.alloc(FEED.images.maxBytes + 1, 1))
    assert.equal(big.statusCode, 413)
    const notImage = await upload(a, Buffer.from('not an image at all'))
    assert.equal(notImage.statusCode, 415)
    assert.equal(notImage.json().code, 'unsupported_image')
  })

  it('takes only one’s own unattached upload (400 unknown_image), and deletes uploads no post took within the hour', async () => {
    const a = await signUp(t.app)
    const b = await signUp(t.app)
    const id = (await upload(a, await photoWithMetadata('webp', 40, 30))).json().imageId
    const stolen = await feed.call(b, 'POST', '/feed/posts', { body: 'not mine', imageIds: [id] })
    assert.equal(stolen.statusCode, 400)
    assert.equal(stolen.json().code, 'unknown_image')
    assert.equal((await t.app.inject({ method: 'GET', url: `/api/v1/feed/images/${id}`, headers: { cookie: b.cookie } })).statusCode, 404)
    assert.equal((await t.app.inject({ method: 'GET', url: `/api/v1/feed/images/${id}`, headers: { cookie: a.cookie } })).statusCode, 200)
    clock.advance(FEED.images.unattachedKeepS * 1000 + 60_000)
    const late = await feed.call(a, 'POST', '/feed/posts', { body: 'too late', imageIds: [id] })
    assert.equal(late.json().code, 'unknown_image')
    await runMaintenance(t.ctx)
    assert.equal((await t.ctx.db.selectFrom('feedImage').select('id').where('id', '=', id).execute()).length, 0)
  })

  it('hides a post’s images across a block', async () => {
    const a = await signUp(t.app)
    const b = await signUp(t.app)
    const post = await feed.post(a, 'pic', { imageIds: [(await upload(a, await photoWithMetadata('png', 40, 30))).json().imageId] })
    await net.block(b, a.handle)
    assert.equal((await t.app.inject({ method: 'GET', url: post.images[0]!.url, headers: { cookie: b.cookie } })).statusCode, 404)
  })
})
