import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import { EMAIL_VERIFICATION } from '../../shared/src/api/limits.js'
import { buildTestApp, signUp, type TestApp, testClock } from '../support/app.js'
import { buildTestAppWithMail, codeFrom, type TestSmtpServer } from '../support/smtp.js'

const clock = testClock()
let t: TestApp
let smtp: TestSmtpServer
before(async () => {
  ;({ t, smtp } = await buildTestAppWithMail({ clock }))
})
after(() => t.close())

let n = 0
const workEmail = (domain = 'northwind.example') => `worker.${process.pid}.${++n}@${domain}`

async function start(cookie: string, email: string) {
  return t.app.inject({ method: 'POST', url: '/api/v1/verifications/email', headers: { cookie }, payload: { email } })
}
async function confirm(cookie: string, verificationId: string, code: string) {
  return t.app.inject({ method: 'POST', url: '/api/v1/verifications/email/confirm', headers: { cookie }, payload: { verificationId, code } })
}
const wrongCode = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0')

async function employmentsOf(cookie: string) {
  return (await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } })).json().employments as { company: { slug: string }; status: string; id: string }[]
}
async function rowCounts() {
  const { rows } = await sql<{ e: number; v: number; c: number }>`select (select count(*)::int from employment) e, (select count(*)::int from email_verification) v, (select count(*)::int from company) c`.execute(t.ctx.db)
  return rows[0]
}

describe('POST /api/v1/verifications/email', () => {
  it('mails a 6-digit code over SMTP; the right code verifies the member and creates the company', async () => {
    const a = await signUp(t.app)
    const email = workEmail('mail.acme-widgets.example')
    const res = await start(a.cookie, email)
    assert.equal(res.statusCode, 202)
    const { verificationId } = res.json()
    const mail = await smtp.waitFor(email)
    assert.match(mail.parsed.subject ?? '', /code/i)
    assert.ok(mail.parsed.html && mail.parsed.text, 'a real MIME message with text and HTML parts')
    const ok = await confirm(a.cookie, verificationId, codeFrom(mail))
    assert.equal(ok.statusCode, 200, ok.body)
    assert.deepEqual(ok.json(), { company: { slug: 'acme-widgets', name: 'Acme Widgets' } })
    const [e] = await employmentsOf(a.cookie)
    assert.equal(e?.company.slug, 'acme-widgets')
    assert.equal(e?.status, 'current')
    const company = await t.app.inject({ method: 'GET', url: '/api/v1/companies/acme-widgets', headers: { cookie: a.cookie } })
    assert.equal(company.json().memberCount, 1)
    assert.deepEqual(company.json().domains, ['acme-widgets.example'], 'the subdomain belongs to its parent domain')
  })

  it('writes the mail in the account language', async () => {
    const a = await signUp(t.app)
    await t.app.inject({ method: 'PATCH', url: '/api/v1/me', headers: { cookie: a.cookie }, payload: { language: 'zh-CN' } })
    const email = workEmail()
    await start(a.cookie, email)
    const mail = await smtp.waitFor(email)
    assert.match(mail.parsed.subject ?? '', /验证码/)
  })

  const refused: [string, string, number, string][] = [
    ['a free-mail address', 'someone@gmail.com', 422, 'free_email_domain'],
    ['a Chinese free-mail address', 'someone@163.com', 422, 'free_email_domain'],
    ['a disposable address', 'someone@mailinator.com', 422, 'disposable_email_domain'],
    ['a malformed address', 'not-an-address', 400, 'validation_failed'],
    ['an address with no registrable domain', 'someone@localhost', 400, 'validation_failed'],
    ['an address on a bare public suffix', 'someone@co.uk', 422, 'bad_email_domain'],
  ]
  for (const [what, email, status, code] of refused) {
    it(`refuses ${what} with ${code}, sends nothing and stores nothing`, async () => {
      const a = await signUp(t.app)
      const before = await rowCounts()
      smtp.clear()
      const res = await start(a.cookie, email)
      assert.equal(res.statusCode, status, res.body)
      assert.equal(res.json().code, code)
      assert.deepEqual(await rowCounts(), before)
      assert.equal(smtp.received.length, 0)
    })
  }

  it('refuses an address that verifies another account (any letter case, any +tag) with 409 email_in_use', async () => {
    const a = await signUp(t.app)
    const b = await signUp(t.app)
    const email = workEmail()
    const { verificationId } = (await start(a.cookie, email)).json()
    await confirm(a.cookie, verificationId, codeFrom(await smtp.waitFor(email)))
    const [local, domain] = email.split('@')
    for (const variant of [email, email.toUpperCase(), `${local}+talk@${domain}`]) {
      const res = await start(b.cookie, variant)
      assert.equal(res.statusCode, 409, variant)
      assert.equal(res.json().code, 'email_in_use')
    }
    // A leaves the company: the address is free for B only a year after it verified A — one
    // mailbox, one account a year, so "I left" and a second account do not make a second
    // yearly review token. A itself may verify it again at once.
    const [e] = await employmentsOf(a.cookie)
    assert.equal((await t.app.inject({ method: 'POST', url: `/api/v1/me/employments/${e!.id}/leave`, headers: { cookie: a.cookie } })).statusCode, 204)
    assert.equal((await employmentsOf(a.cookie))[0]?.status, 'former')
    const soon = await start(b.cookie, email)
    assert.equal(soon.statusCode, 409)
    assert.equal(soon.json().code, 'email_in_use')
    assert.match(soon.json().detail, /within the last year/)
    assert.equal((await start(a.cookie, email)).statusCode, 202)
    // Deleting A does not free it either.
    assert.equal((await t.app.inject({ method: 'DELETE', url: '/api/v1/me', headers: { cookie: a.cookie }, payload: { password: a.password } })).statusCode, 204)
    assert.equal((await start(b.cookie, email)).statusCode, 409)
    // A year on (the claim dated back: moving the clock a year would end B's session too).
    await sql`update work_email_claim set claimed_on = claimed_on - 366`.execute(t.ctx.db)
    smtp.clear()
    const later = await start(b.cookie, email)
    assert.equal(later.statusCode, 202, later.body)
    assert.equal((await confirm(b.cookie, later.json().verificationId, codeFrom(await smtp.waitFor(email)))).statusCode, 200)
  })

  it(`allows ${EMAIL_VERIFICATION.requestsPerWindow} codes an hour per account, then 429 with Retry-After`, async () => {
    const a = await signUp(t.app)
    for (let i = 0; i < EMAIL_VERIFICATION.requestsPerWindow; i++) assert.equal((await start(a.cookie, workEmail())).statusCode, 202)
    const res = await start(a.cookie, workEmail())
    assert.equal(res.statusCode, 429)
    assert.equal(res.json().code, 'rate_limited')
    assert.ok(Number(res.headers['retry-after']) > 0)
    clock.advance(EMAIL_VERIFICATION.windowMs)
    assert.equal((await start(a.cookie, workEmail())).statusCode, 202)
  })
})

describe('POST /api/v1/verifications/email/confirm', () => {
  async function started() {
    const a = await signUp(t.app)
    const email = workEmail()
    const { verificationId } = (await start(a.cookie, email)).json()
    return { a, verificationId, code: codeFrom(await smtp.waitFor(email)) }
  }

  it('refuses a wrong code with bad_code and says how many tries are left, changing nothing else', async () => {
    const { a, verificationId, code } = await started()
    const res = await confirm(a.cookie, verificationId, wrongCode(code))
    assert.equal(res.statusCode, 400)
    assert.equal(res.json().code, 'bad_code')
    assert.match(res.json().detail, /4 tries left/)
    assert.equal(res.json().reason, 'wrong')
    assert.equal(res.json().triesLeft, 4, 'machine-readable, for clients in other languages')
    assert.deepEqual(await employmentsOf(a.cookie), [])
    assert.equal((await confirm(a.cookie, verificationId, code)).statusCode, 200, 'the right code still works after a wrong one')
  })

  it(`kills the code after ${EMAIL_VERIFICATION.maxAttempts} wrong tries: the sixth try fails even with the right code`, async () => {
    const { a, verificationId, code } = await started()
    for (let i = 0; i < EMAIL_VERIFICATION.maxAttempts; i++) assert.equal((await confirm(a.cookie, verificationId, wrongCode(code))).statusCode, 400)
    const sixth = await confirm(a.cookie, verificationId, code)
    assert.equal(sixth.statusCode, 400)
    assert.equal(sixth.json().code, 'bad_code')
    assert.equal(sixth.json().reason, 'exhausted')
    assert.deepEqual(await employmentsOf(a.cookie), [])
  })

  it('refuses an expired code (after 30 minutes), and accepts it just before', async () => {
    const { a, verificationId, code } = await started()
    clock.advance(EMAIL_VERIFICATION.codeLifetimeMs)
    const res = await confirm(a.cookie, verificationId, code)
    assert.equal(res.statusCode, 400)
    assert.match(res.json().detail, /expired/)
    assert.equal(res.json().reason, 'expired')
    const fresh = await started()
    clock.advance(EMAIL_VERIFICATION.codeLifetimeMs - 1000)
    assert.equal((await confirm(fresh.a.cookie, fresh.verificationId, fresh.code)).statusCode, 200)
  })

  it('refuses a code used once already', async () => {
    const { a, verificationId, code } = await started()
    assert.equal((await confirm(a.cookie, verificationId, code)).statusCode, 200)
    const again = await confirm(a.cookie, verificationId, code)
    assert.equal(again.statusCode, 400)
    assert.equal(again.json().code, 'bad_code')
    assert.equal(again.json().reason, 'used')
  })

  it("refuses another account's verification as not found", async () => {
    const { verificationId, code } = await started()
    const other = await signUp(t.app)
    assert.equal((await confirm(other.cookie, verificationId, code)).statusCode, 404)
  })

  it('refuses malformed codes and ids with 400 naming the field', async () => {
    const { a, verificationId } = await started()
    for (const [payload, field] of [[{ verificationId, code: '12345' }, '/code'], [{ verificationId, code: 'abcdef' }, '/code'], [{ verificationId: 'x', code: '123456' }, '/verificationId']] as const) {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/verifications/email/confirm', headers: { cookie: a.cookie }, payload })
      assert.equal(res.statusCode, 400)
      assert.equal(res.json().errors[0].field, field)
    }
  })
})

describe('the work address is never stored in the clear', () => {
  it('appears in no table, no log line, and (outbox mode) no outbox file after use', async () => {
    const a = await signUp(t.app)
    const email = workEmail('clear-text-check.example')
    const { verificationId } = (await start(a.cookie, email)).json()
    await confirm(a.cookie, verificationId, codeFrom(await smtp.waitFor(email)))
    const { rows: tables } = await sql<{ t: string }>`select table_name as t from information_schema.tables where table_schema = 'public'`.execute(t.ctx.db)
    const local = email.split('@')[0]!
    for (const { t: table } of tables) {
      const { rows } = await sql<{ row: string }>`select t::text as row from ${sql.table(table)} t`.execute(t.ctx.db)
      for (const { row } of rows) {
        assert.ok(!row.toLowerCase().includes(local.toLowerCase()), `${table} holds the address: ${row.slice(0, 200)}`)
        const hex = Buffer.from(local).toString('hex')
        assert.ok(!row.includes(hex), `${table} holds the address as bytes`)
      }
    }
    assert.ok(!t.logText().includes(local))
  })
})

describe('without SMTP_URL (embedded mode)', () => {
  it('writes the mail to DATA_DIR/outbox, logs the code marked as embedded mode, and deletes the mail once used', async () => {
    const fs = await import('node:fs')
    const path = await import('node:path')
    const local = await buildTestApp()
    try {
      const a = await signUp(local.app)
      const email = workEmail('outbox-mode.example')
      const { verificationId } = (await local.app.inject({ method: 'POST', url: '/api/v1/verifications/email', headers: { cookie: a.cookie }, payload: { email } })).json()
      const outbox = path.join(local.ctx.config.dataDir, 'outbox')
      const files = fs.readdirSync(outbox)
      assert.deepEqual(files, [`verification-${verificationId}.eml`])
      const eml = fs.readFileSync(path.join(outbox, files[0]!), 'utf8')
      assert.match(eml, /^Content-Type: multipart\/alternative/m)
      const line = local.logs.find((l) => l.embeddedMode === true)
      assert.ok(line && typeof line.code === 'string' && line.verificationId === verificationId)
      assert.ok(!local.logText().includes(email.split('@')[0]!), 'the address is not logged, even here')
      const ok = await local.app.inject({ method: 'POST', url: '/api/v1/verifications/email/confirm', headers: { cookie: a.cookie }, payload: { verificationId, code: line.code } })
      assert.equal(ok.statusCode, 200)
      assert.deepEqual(fs.readdirSync(outbox), [], 'the delivered mail, which names the address, is gone')
    } finally {
      await local.close()
    }
  })
})
