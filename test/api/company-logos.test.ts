import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import sharp from 'sharp'
import { LOGO } from '../../shared/src/api/limits.js'
import { buildTestApp, signUp, type TestApp } from '../support/app.js'
import { buildVerifiedUser } from '../support/factories.js'
import { photoWithMetadata } from '../support/images.js'
import { multipartBody } from '../support/multipart.js'

let t: TestApp
let admin: Awaited<ReturnType<typeof signUp>>
let member: Awaited<ReturnType<typeof buildVerifiedUser>>
before(async () => {
  t = await buildTestApp()
  admin = await signUp(t.app)
  await t.ctx.db.updateTable('account').set({ role: 'admin' }).where('id', '=', admin.id).execute()
  member = await buildVerifiedUser(t.app, t.ctx, 'logo-co')
})
after(() => t.close())

const put = (cookie: string, bytes: Buffer, field = 'logo') => {
  const body = multipartBody([{ name: field, value: bytes, filename: 'logo.png', type: 'image/png' }])
  return t.app.inject({ method: 'PUT', url: '/api/v1/companies/logo-co/logo', headers: { cookie, ...body.headers }, payload: body.payload })
}

describe('company logos', () => {
  it('lets an admin upload one, stored as a metadata-free 256×256 WebP, served to anyone', async () => {
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/companies/logo-co/logo' })).statusCode, 404)
    assert.equal((await put(member.cookie, await photoWithMetadata('png', 600, 300))).statusCode, 403, 'members cannot')
    const res = await put(admin.cookie, await photoWithMetadata('png', 600, 300))
    assert.equal(res.statusCode, 204, res.body)
    const served = await t.app.inject({ method: 'GET', url: '/api/v1/companies/logo-co/logo' })
    assert.equal(served.statusCode, 200)
    assert.equal(served.headers['content-type'], 'image/webp')
    const meta = await sharp(served.rawPayload).metadata()
    assert.deepEqual([meta.format, meta.width, meta.height, meta.exif, meta.xmp], ['webp', LOGO.size, LOGO.size, undefined, undefined])
    const page = (await t.app.inject({ method: 'GET', url: '/api/v1/companies/logo-co', headers: { cookie: member.cookie } })).json()
    assert.equal(page.hasLogo, true)
    const list = (await t.app.inject({ method: 'GET', url: '/api/v1/companies?q=logo', headers: { cookie: member.cookie } })).json()
    assert.equal(list.companies[0].hasLogo, true)
  })

  it('refuses what is not an image, one byte over the limit, and a wrong field, keeping the logo', async () => {
    const before = (await t.app.inject({ method: 'GET', url: '/api/v1/companies/logo-co/logo' })).rawPayload
    assert.equal((await put(admin.cookie, Buffer.from('not an image'))).json().code, 'unsupported_image')
    const over = await put(admin.cookie, Buffer.alloc(LOGO.maxBytes + 1, 1))
    assert.equal(over.statusCode, 413)
    assert.equal(over.json().code, 'file_too_large')
    const wrong = await put(admin.cookie, await photoWithMetadata('png'), 'picture')
    assert.equal(wrong.statusCode, 400)
    const after = (await t.app.inject({ method: 'GET', url: '/api/v1/companies/logo-co/logo' })).rawPayload
    assert.ok(after.equals(before))
  })

  it('lets an admin remove it', async () => {
    assert.equal((await t.app.inject({ method: 'DELETE', url: '/api/v1/companies/logo-co/logo', headers: { cookie: admin.cookie } })).statusCode, 204)
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/companies/logo-co/logo' })).statusCode, 404)
  })
})
