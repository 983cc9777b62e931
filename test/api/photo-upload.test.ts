import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import sharp from 'sharp'
import { PHOTO } from '../../shared/src/api/limits.js'
import { buildTestApp, signUp, type TestApp } from '../support/app.js'
import { METADATA_SENTINELS, photoWithMetadata } from '../support/images.js'
import { multipartBody } from '../support/multipart.js'

let t: TestApp
before(async () => {
  t = await buildTestApp()
})
after(() => t.close())

const put = (cookie: string, bytes: Buffer, field = 'photo') => {
  const body = multipartBody([{ name: field, value: bytes, filename: 'me.jpg', type: 'image/jpeg' }])
  return t.app.inject({ method: 'PUT', url: '/api/v1/me/photo', headers: { cookie, ...body.headers }, payload: body.payload })
}
const get = (cookie: string, url: string) => t.app.inject({ method: 'GET', url, headers: { cookie } })

describe('PUT /api/v1/me/photo', () => {
  for (const format of ['jpeg', 'png', 'webp'] as const) {
    it(`re-encodes a ${format} with EXIF, GPS and XMP into metadata-free WebP squares`, async () => {
      const me = await signUp(t.app)
      const original = await photoWithMetadata(format, 640, 480)
      const given = await sharp(original).metadata()
      assert.ok(given.exif && given.xmp, 'the fixture carries EXIF (with GPS) and XMP')
      const res = await put(me.cookie, original)
      assert.equal(res.statusCode, 200, res.body)
      const { photoUrl, avatarUrl } = res.json()
      for (const [url, size] of [[avatarUrl, PHOTO.avatarSize], [photoUrl, PHOTO.pageSize]] as const) {
        const served = await get(me.cookie, url)
        assert.equal(served.statusCode, 200)
        assert.equal(served.headers['content-type'], 'image/webp')
        assert.match(String(served.headers['cache-control']), new RegExp(`max-age=${PHOTO.cacheMaxAgeS}`))
        const meta = await sharp(served.rawPayload).metadata()
        assert.deepEqual([meta.format, meta.width, meta.height, meta.exif, meta.xmp, meta.icc, meta.iptc], ['webp', size, size, undefined, undefined, undefined, undefined])
        for (const s of METADATA_SENTINELS) assert.ok(!served.rawPayload.includes(s), `${s} is gone`)
      }
      const stored = await t.ctx.db.selectFrom('profilePhoto').select(['avatar', 'page']).where('accountId', '=', me.id).executeTakeFirstOrThrow()
      for (const s of METADATA_SENTINELS) assert.ok(!stored.avatar.includes(s) && !stored.page.includes(s), `${s} is not stored`)
    })
  }

  it('puts the URLs in /me and in the profile other members see; a new upload changes the URL and the old one stops answering', async () => {
    const me = await signUp(t.app)
    const viewer = await signUp(t.app)
    assert.equal((await get(me.cookie, '/api/v1/me')).json().photoUrl, null)
    const first = (await put(me.cookie, await photoWithMetadata())).json()
    assert.equal((await get(me.cookie, '/api/v1/me')).json().avatarUrl, first.avatarUrl)
    const seen = (await get(viewer.cookie, `/api/v1/users/${me.handle}`)).json()
    assert.deepEqual([seen.photoUrl, seen.avatarUrl], [first.photoUrl, first.avatarUrl])
    assert.equal((await get(viewer.cookie, first.photoUrl)).statusCode, 200)
    const second = (await put(me.cookie, await photoWithMetadata('png'))).json()
    assert.notEqual(second.photoUrl, first.photoUrl)
    assert.equal((await get(viewer.cookie, first.photoUrl)).statusCode, 404)
    assert.equal((await get(viewer.cookie, second.photoUrl)).statusCode, 200)
  })

  it('removes the photo with DELETE', async () => {
    const me = await signUp(t.app)
    const { photoUrl } = (await put(me.cookie, await photoWithMetadata())).json()
    assert.equal((await t.app.inject({ method: 'DELETE', url: '/api/v1/me/photo', headers: { cookie: me.cookie } })).statusCode, 204)
    assert.equal((await get(me.cookie, '/api/v1/me')).json().photoUrl, null)
    assert.equal((await get(me.cookie, photoUrl)).statusCode, 404)
  })

  it('accepts a file of exactly the limit and refuses one byte more, keeping the photo', async () => {
    const me = await signUp(t.app)
    const { photoUrl } = (await put(me.cookie, await photoWithMetadata())).json()
    // A valid JPEG padded to the limit: decoders stop at the end-of-image marker.
    const jpeg = await photoWithMetadata()
    const exact = Buffer.concat([jpeg, Buffer.alloc(PHOTO.maxBytes - jpeg.length)])
    assert.equal((await put(me.cookie, exact)).statusCode, 200)
    const now = (await get(me.cookie, '/api/v1/me')).json().photoUrl
    const over = await put(me.cookie, Buffer.alloc(PHOTO.maxBytes + 1, 1))
    assert.equal(over.statusCode, 413)
    assert.equal(over.json().code, 'file_too_large')
    assert.equal((await get(me.cookie, '/api/v1/me')).json().photoUrl, now)
    assert.notEqual(now, photoUrl)
  })

  it('refuses what is not an image and a wrong field name, changing nothing', async () => {
    const me = await signUp(t.app)
    const bad = await put(me.cookie, Buffer.from('not an image'))
    assert.equal(bad.statusCode, 415)
    assert.equal(bad.json().code, 'unsupported_image')
    const wrong = await put(me.cookie, await photoWithMetadata(), 'picture')
    assert.equal(wrong.statusCode, 400)
    assert.equal((await get(me.cookie, '/api/v1/me')).json().photoUrl, null)
  })

  it('serves photos to signed-in members only', async () => {
    const me = await signUp(t.app)
    const { avatarUrl } = (await put(me.cookie, await photoWithMetadata())).json()
    assert.equal((await t.app.inject({ method: 'GET', url: avatarUrl })).statusCode, 401)
  })
})
