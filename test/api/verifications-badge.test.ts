import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import sharp from 'sharp'
import { BADGE } from '../../shared/src/api/limits.js'
import { runMaintenance } from '../../server/src/services/maintenance.js'
import { buildTestApp, signUp, type TestApp, testClock } from '../support/app.js'
import { METADATA_SENTINELS, photoWithMetadata } from '../support/images.js'
import { multipartBody } from '../support/multipart.js'

const clock = testClock()
let t: TestApp
let reviewer: Awaited<ReturnType<typeof signUp>>
before(async () => {
  t = await buildTestApp({ clock })
  reviewer = await signUp(t.app, { name: 'Rita Reviewer' })
  await t.ctx.db.updateTable('account').set({ role: 'reviewer' }).where('id', '=', reviewer.id).execute()
})
after(() => t.close())

async function upload(cookie: string, photo: Buffer, fields: Record<string, string> = { companyName: 'Initrode' }, type = 'image/jpeg') {
  const body = multipartBody([...Object.entries(fields).map(([name, value]) => ({ name, value })), { name: 'photo', value: photo, filename: 'badge.jpg', type }])
  return t.app.inject({ method: 'POST', url: '/api/v1/verifications/badge', headers: { cookie, ...body.headers }, payload: body.payload })
}
const photoRows = (submissionId: string) => t.ctx.db.selectFrom('badgePhoto').selectAll().where('submissionId', '=', submissionId).execute()

describe('POST /api/v1/verifications/badge', () => {
  for (const format of ['jpeg', 'png', 'webp'] as const) {
    it(`keeps a ${format} photo only re-encoded, stripped of EXIF, GPS and XMP, and encrypted at rest`, async () => {
      const a = await signUp(t.app)
      const original = await photoWithMetadata(format)
      assert.ok((await sharp(original).metadata()).exif, 'the test photo does carry EXIF')
      const res = await upload(a.cookie, original)
      assert.equal(res.statusCode, 202, res.body)
      const { submissionId, status } = res.json()
      assert.equal(status, 'pending')

      const [row] = await photoRows(submissionId)
      assert.ok(row, 'stored')
      for (const s of METADATA_SENTINELS) assert.ok(!row.ciphertext.includes(s))
      assert.equal(row.ciphertext.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff])), false, 'not a plain JPEG at rest')

      const served = await t.app.inject({ method: 'GET', url: `/api/v1/reviews/badges/${submissionId}/photo`, headers: { cookie: reviewer.cookie } })
      assert.equal(served.statusCode, 200)
      assert.equal(served.headers['content-type'], `image/${format}`)
      assert.equal(served.headers['cache-control'], 'no-store')
      const meta = await sharp(served.rawPayload).metadata()
      assert.equal(meta.format, format)
      assert.equal(meta.exif, undefined, 'no EXIF (and so no GPS)')
      assert.equal(meta.xmp, undefined, 'no XMP')
      assert.equal(meta.width, 320)
      for (const s of METADATA_SENTINELS) assert.ok(!served.rawPayload.includes(s), `${s} is gone from the bytes`)
    })
  }

  it('shows the member their own pending photo, and nobody else', async () => {
    const a = await signUp(t.app)
    const b = await signUp(t.app)
    const { submissionId } = (await upload(a.cookie, await photoWithMetadata())).json()
    assert.equal((await t.app.inject({ method: 'GET', url: `/api/v1/verifications/badge/${submissionId}/photo`, headers: { cookie: a.cookie } })).statusCode, 200)
    assert.equal((await t.app.inject({ method: 'GET', url: `/api/v1/verifications/badge/${submissionId}/photo`, headers: { cookie: b.cookie } })).statusCode, 404)
    assert.equal((await t.app.inject({ method: 'GET', url: `/api/v1/reviews/badges/${submissionId}/photo`, headers: { cookie: b.cookie } })).statusCode, 403)
  })

  it('refuses what is not a JPEG, PNG or WebP with 415 unsupported_image, storing nothing', async () => {
    const a = await signUp(t.app)
    const gif = await sharp({ create: { width: 10, height: 10, channels: 3, background: '#000' } }).gif().toBuffer()
    for (const bytes of [Buffer.from('%PDF-1.4 not a photo'), gif, Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0])]) {
      const res = await upload(a.cookie, bytes)
      assert.equal(res.statusCode, 415, res.body)
      assert.equal(res.json().code, 'unsupported_image')
    }
    assert.equal((await t.ctx.db.selectFrom('badgeSubmission').selectAll().where('accountId', '=', a.id).execute()).length, 0)
  })

  it(`reads a file of exactly ${BADGE.maxBytes} bytes, and refuses one byte more with 413 file_too_large`, async () => {
    const a = await signUp(t.app)
    const at = await upload(a.cookie, Buffer.alloc(BADGE.maxBytes, 0x20))
    assert.equal(at.statusCode, 415, 'read whole, then judged (not an image)')
    const over = await upload(a.cookie, Buffer.alloc(BADGE.maxBytes + 1, 0x20))
    assert.equal(over.statusCode, 413)
    assert.equal(over.json().code, 'file_too_large')
  })

  it('refuses a missing photo, a missing company name and unknown fields, naming each', async () => {
    const a = await signUp(t.app)
    const none = multipartBody([{ name: 'companyName', value: 'Initrode' }])
    const r1 = await t.app.inject({ method: 'POST', url: '/api/v1/verifications/badge', headers: { cookie: a.cookie, ...none.headers }, payload: none.payload })
    assert.equal(r1.statusCode, 400)
    assert.equal(r1.json().errors[0].field, '/photo')
    const r2 = await upload(a.cookie, await photoWithMetadata(), { companyName: '  ' })
    assert.equal(r2.json().errors[0].field, '/companyName')
    const r3 = await upload(a.cookie, await photoWithMetadata(), { companyName: 'X', role: 'admin' })
    assert.equal(r3.json().errors[0].field, '/role')
    const r4 = await t.app.inject({ method: 'POST', url: '/api/v1/verifications/badge', headers: { cookie: a.cookie, 'content-type': 'multipart/form-data; boundary=zz' }, payload: '--zz\r\nbroken' })
    assert.equal(r4.statusCode, 400)
  })

  it(`allows ${BADGE.pendingPerAccount} photos waiting at once, then 429 too_many_pending`, async () => {
    const a = await signUp(t.app)
    for (let i = 0; i < BADGE.pendingPerAccount; i++) assert.equal((await upload(a.cookie, await photoWithMetadata())).statusCode, 202)
    const res = await upload(a.cookie, await photoWithMetadata())
    assert.equal(res.statusCode, 429)
    assert.equal(res.json().code, 'too_many_pending')
  })
})

describe('the review queue', () => {
  it('is for reviewers only', async () => {
    const a = await signUp(t.app)
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/reviews/badges', headers: { cookie: a.cookie } })
    assert.equal(res.statusCode, 403)
    assert.equal(res.json().code, 'forbidden')
  })

  it('approve: the member is verified at the company, and the photo is gone', async () => {
    const a = await signUp(t.app, { name: 'Badge Holder' })
    const { submissionId } = (await upload(a.cookie, await photoWithMetadata(), { companyName: 'Initrode', companyDomain: 'initrode.example' })).json()
    const queue = (await t.app.inject({ method: 'GET', url: '/api/v1/reviews/badges', headers: { cookie: reviewer.cookie } })).json()
    const item = queue.submissions.find((s: { id: string }) => s.id === submissionId)
    assert.deepEqual(item.member, { name: 'Badge Holder', handle: a.handle })
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/reviews/badges/${submissionId}/approve`, headers: { cookie: reviewer.cookie }, payload: {} })
    assert.equal(res.statusCode, 200, res.body)
    assert.deepEqual(res.json().company, { slug: 'initrode', name: 'Initrode' })

    assert.deepEqual(await photoRows(submissionId), [], 'the photo row is deleted')
    const served = await t.app.inject({ method: 'GET', url: `/api/v1/reviews/badges/${submissionId}/photo`, headers: { cookie: reviewer.cookie } })
    assert.equal(served.statusCode, 404)
    const me = (await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: a.cookie } })).json()
    assert.equal(me.employments[0].company.slug, 'initrode')
    assert.equal(me.employments[0].method, 'badge')
    const mine = (await t.app.inject({ method: 'GET', url: '/api/v1/verifications/badge', headers: { cookie: a.cookie } })).json()
    assert.equal(mine.submissions[0].status, 'approved')
    assert.equal(mine.submissions[0].hasPhoto, false)
    const again = await t.app.inject({ method: 'POST', url: `/api/v1/reviews/badges/${submissionId}/approve`, headers: { cookie: reviewer.cookie }, payload: {} })
    assert.equal(again.statusCode, 409)
    assert.equal(again.json().code, 'already_decided')
  })

  it('reject: the member sees the reason, the photo is gone, nothing is verified', async () => {
    const a = await signUp(t.app)
    const { submissionId } = (await upload(a.cookie, await photoWithMetadata())).json()
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/reviews/badges/${submissionId}/reject`, headers: { cookie: reviewer.cookie }, payload: { reason: 'The name on the badge is not readable.' } })
    assert.equal(res.statusCode, 204)
    assert.deepEqual(await photoRows(submissionId), [])
    const mine = (await t.app.inject({ method: 'GET', url: '/api/v1/verifications/badge', headers: { cookie: a.cookie } })).json()
    assert.equal(mine.submissions[0].status, 'rejected')
    assert.equal(mine.submissions[0].reason, 'The name on the badge is not readable.')
    const me = (await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: a.cookie } })).json()
    assert.deepEqual(me.employments, [])
  })

  it('approving into a company slug that does not exist is 422 unknown_company, and changes nothing', async () => {
    const a = await signUp(t.app)
    const { submissionId } = (await upload(a.cookie, await photoWithMetadata())).json()
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/reviews/badges/${submissionId}/approve`, headers: { cookie: reviewer.cookie }, payload: { companySlug: 'no-such-co' } })
    assert.equal(res.statusCode, 422)
    assert.equal(res.json().code, 'unknown_company')
    assert.equal((await photoRows(submissionId)).length, 1, 'still waiting, photo kept')
  })

  it("a reviewer cannot decide on their own badge", async () => {
    const { submissionId } = (await upload(reviewer.cookie, await photoWithMetadata())).json()
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/reviews/badges/${submissionId}/approve`, headers: { cookie: reviewer.cookie }, payload: {} })
    assert.equal(res.statusCode, 403)
    assert.equal(res.json().code, 'own_submission')
  })
})

describe('the 7-day limit', () => {
  it(`deletes a photo nobody decided on after ${BADGE.keepDays} days, and not before`, async () => {
    const a = await signUp(t.app)
    const { submissionId } = (await upload(a.cookie, await photoWithMetadata())).json()
    clock.advance(BADGE.keepDays * 24 * 3600 * 1000 - 60_000)
    await runMaintenance(t.ctx)
    assert.equal((await photoRows(submissionId)).length, 1, 'kept until the seventh day is over')
    clock.advance(60_000)
    await runMaintenance(t.ctx)
    assert.deepEqual(await photoRows(submissionId), [])
    const mine = (await t.app.inject({ method: 'GET', url: '/api/v1/verifications/badge', headers: { cookie: a.cookie } })).json()
    assert.equal(mine.submissions[0].status, 'expired')
  })
})
