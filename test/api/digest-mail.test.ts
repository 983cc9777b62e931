/**
 * The daily e-mail digest (issue 9): once a UTC day, to members with unread notifications of kinds
 * they mail, in their language, with a one-click List-Unsubscribe (RFC 8058) — and never twice,
 * even from two processes on one database.
 */
import assert from 'node:assert/strict'
import { after, before, beforeEach, describe, it } from 'node:test'
import { DIGEST } from '../../shared/src/api/limits.js'
import { createAppContext } from '../../server/src/context.js'
import { openPostgres } from '../../server/src/db/database.js'
import { runMaintenance } from '../../server/src/services/maintenance.js'
import { sendDigests } from '../../server/src/services/notifications/digest.js'
import { notify } from '../../server/src/services/notifications/notify.js'
import { signUp, testClock, type TestApp } from '../support/app.js'
import { TEST_DB_KIND } from '../support/db.js'
import { buildTestAppWithMail, type TestSmtpServer } from '../support/smtp.js'

const clock = testClock(new Date('2026-12-03T08:00:00Z'))
let t: TestApp
let smtp: TestSmtpServer
before(async () => {
  ;({ t, smtp } = await buildTestAppWithMail({ clock }))
})
after(() => t.close())
beforeEach(() => smtp.clear())

const DAY = 24 * 60 * 60 * 1000
const to = (email: string) => smtp.received.filter((m) => m.to.includes(email.toLowerCase()))
const inject = (method: 'GET' | 'POST' | 'PUT', url: string, extra: Record<string, unknown> = {}) => t.app.inject({ method, url, ...extra })

describe('the daily digest', () => {
  it('goes once a day to a member with unread invitations (on by default), not to one with only likes (off by default)', async () => {
    const a = await signUp(t.app, { name: 'Ada Asker' })
    const b = await signUp(t.app, { name: 'Bo Target' })
    const c = await signUp(t.app, { name: 'Cy Liked' })
    await notify(t.ctx, b.id, { kind: 'invitation', actorId: a.id, targetId: 'x1' })
    await notify(t.ctx, c.id, { kind: 'like', actorId: a.id, targetId: 'p1' })
    await runMaintenance(t.ctx)
    assert.equal(to(b.email).length, 1)
    assert.equal(to(c.email).length, 0, 'likes are not mailed until chosen')
    const mail = to(b.email)[0]!
    assert.match(mail.parsed.text ?? '', /Ada Asker invited you to connect/)
    assert.match(mail.parsed.text ?? '', /http:\/\/[^/]+\/network/)

    // The same day: a new notification waits for tomorrow.
    await notify(t.ctx, b.id, { kind: 'message', actorId: a.id, targetId: 'conv-1' })
    clock.advance(60 * 60 * 1000)
    await runMaintenance(t.ctx)
    assert.equal(to(b.email).length, 1, 'at most one digest a UTC day')

    // Tomorrow: only what is new since the last digest.
    clock.advance(DAY)
    await runMaintenance(t.ctx)
    assert.equal(to(b.email).length, 2)
    const second = to(b.email)[1]!.parsed.text ?? ''
    assert.match(second, /sent you a message request/)
    assert.doesNotMatch(second, /invited you/, 'the invitation was in yesterday’s digest')

    // The day after: nothing new, no mail.
    clock.advance(DAY)
    await runMaintenance(t.ctx)
    assert.equal(to(b.email).length, 2)
  })

  it('lists nothing read: a member who read their notifications gets no mail', async () => {
    const a = await signUp(t.app)
    const b = await signUp(t.app)
    await notify(t.ctx, b.id, { kind: 'invitation', actorId: a.id })
    const read = await inject('POST', '/api/v1/notifications/read', { headers: { cookie: b.cookie }, payload: {} })
    assert.equal(read.statusCode, 200)
    clock.advance(DAY)
    await sendDigests(t.ctx)
    assert.equal(to(b.email).length, 0)
  })

  it('carries List-Unsubscribe (one click) and is written in the member’s language', async () => {
    const a = await signUp(t.app, { name: '王小明' })
    const b = await signUp(t.app)
    await t.ctx.db.updateTable('account').set({ language: 'zh-CN' }).where('id', '=', b.id).execute()
    await notify(t.ctx, b.id, { kind: 'invitation', actorId: a.id })
    clock.advance(DAY)
    await sendDigests(t.ctx)
    const [mail] = to(b.email)
    assert.ok(mail, t.logText().split('\n').filter((l) => l.includes('digest')).join('\n'))
    // The header as sent (mailparser would turn it into an object), unfolded.
    const line = (key: string) => (mail.parsed.headerLines.find((h) => h.key === key)?.line ?? '').replace(/\r?\n\s+/g, ' ').replace(/^[^:]+:\s*/, '')
    const header = line('list-unsubscribe')
    const origin = t.ctx.config.publicUrl.origin
    const m = new RegExp(`^<${origin.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}/api/v1/unsubscribe\\?token=([A-Za-z0-9_.-]+)>$`).exec(header)
    assert.ok(m, `List-Unsubscribe: ${header}`)
    assert.equal(line('list-unsubscribe-post'), 'List-Unsubscribe=One-Click')
    assert.match(mail.parsed.subject ?? '', /未读通知/)
    assert.match(mail.parsed.text ?? '', /王小明 邀请你建立联系/)
    assert.doesNotMatch(mail.parsed.text ?? '', /invited you/)

    // The one click, as a mail provider sends it: a form body, no session, no Origin.
    const res = await inject('POST', `/api/v1/unsubscribe?token=${m[1]}`, { headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'List-Unsubscribe=One-Click' })
    assert.equal(res.statusCode, 204, res.body)
    const settings = await inject('GET', '/api/v1/me/notification-settings', { headers: { cookie: b.cookie } })
    assert.deepEqual(Object.values(settings.json().email as Record<string, boolean>).filter(Boolean), [], 'every kind off')
    await notify(t.ctx, b.id, { kind: 'invitation', actorId: a.id })
    clock.advance(DAY)
    await sendDigests(t.ctx)
    assert.equal(to(b.email).length, 1, 'no digest after unsubscribing')
  })

  it(`lists ${DIGEST.maxItems} notifications one by one and counts the rest`, async () => {
    const b = await signUp(t.app)
    const actors = await Promise.all(Array.from({ length: 3 }, () => signUp(t.app, { name: 'Many Asker' })))
    for (let i = 0; i < DIGEST.maxItems + 1; i++) await notify(t.ctx, b.id, { kind: 'message', actorId: actors[i % 3]!.id, targetId: `c${i}` })
    clock.advance(DAY)
    await sendDigests(t.ctx)
    const text = to(b.email)[0]?.parsed.text ?? ''
    assert.equal(text.match(/sent you a message request/g)?.length, DIGEST.maxItems)
    assert.match(text, /And 1 more in the app/)
  })

  it('is sent once when two app instances run the digest at the same moment on one database', { skip: TEST_DB_KIND !== 'postgres' ? 'needs PostgreSQL: PGlite admits one process' : false }, async () => {
    const second = await createAppContext(t.ctx.config, { database: openPostgres(t.ctx.database.url!), clock })
    try {
      const a = await signUp(t.app)
      const members = await Promise.all(Array.from({ length: 5 }, () => signUp(t.app)))
      for (const m of members) await notify(t.ctx, m.id, { kind: 'invitation', actorId: a.id })
      clock.advance(DAY)
      const [x, y] = await Promise.all([sendDigests(t.ctx), sendDigests(second)])
      assert.equal(x + y, members.length)
      for (const m of members) assert.equal(to(m.email).length, 1, 'one digest, not two')
    } finally {
      await second.close()
    }
  })
})
