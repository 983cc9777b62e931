import assert from 'node:assert/strict'
import diagnosticsChannel from 'node:diagnostics_channel'
import { after, before, describe, it } from 'node:test'
import { BADGE, EMAIL_VERIFICATION, LOGIN_THROTTLE, SIGN_UP } from '../../shared/src/api/limits.js'
import { PASSWORD_VERIFY_CHANNEL } from '../../server/src/services/accounts/passwords.js'
import { buildTestApp, GOOD_PASSWORD, sessionCookie, type TestApp, testClock, uniqueEmail } from '../support/app.js'
import { photoWithMetadata } from '../support/images.js'
import { multipartBody } from '../support/multipart.js'
import { startSmtpServer, type TestSmtpServer } from '../support/smtp.js'

// Issue 11: each limit replayed as the attacker tried it — many requests at once — and at its edge.
// The clock stands still, so no burst straddles two windows.
const clock = testClock()
let t: TestApp
let smtp: TestSmtpServer
before(async () => {
  smtp = await startSmtpServer()
  // The sign-up limit at its real value (buildTestApp raises it for other files).
  t = await buildTestApp({ clock, env: { SMTP_URL: smtp.url, SIGN_UPS_PER_ADDRESS_PER_HOUR: String(SIGN_UP.perAddressPerHour) } })
})
after(async () => {
  await t.close()
  await smtp.close()
})

/** Passwords really verified (argon2) while `fn` runs, counted where sign-in verifies them. */
async function countVerifications<T>(fn: () => Promise<T>): Promise<{ result: T; verified: number }> {
  let verified = 0
  const onVerify = () => {
    verified++
  }
  diagnosticsChannel.subscribe(PASSWORD_VERIFY_CHANNEL, onVerify)
  try {
    return { result: await fn(), verified }
  } finally {
    diagnosticsChannel.unsubscribe(PASSWORD_VERIFY_CHANNEL, onVerify)
  }
}

let addressCounter = 0
/** A fresh client address, so a case's sign-ups never count against another's. */
const freshAddress = () => `10.${Math.floor(++addressCounter / 250)}.${addressCounter % 250}.1`

function signUpRaw(email: string, ip: string) {
  return t.app.inject({ method: 'POST', url: '/api/v1/accounts', payload: { name: 'Limit Tester', email, password: GOOD_PASSWORD }, remoteAddress: ip })
}
async function member(ip = freshAddress()) {
  const email = uniqueEmail('limits')
  const res = await signUpRaw(email, ip)
  assert.equal(res.statusCode, 201, res.body)
  return { email, cookie: sessionCookie(res) }
}
const signIn = (email: string, password: string, ip: string) =>
  t.app.inject({ method: 'POST', url: '/api/v1/sessions', payload: { email, password }, remoteAddress: ip })

const statuses = (responses: { statusCode: number }[]) => {
  const out: Record<number, number> = {}
  for (const r of responses) out[r.statusCode] = (out[r.statusCode] ?? 0) + 1
  return out
}

describe('sign-in under concurrency', () => {
  it(`checks at most ${LOGIN_THROTTLE.perAddressAndEmail} passwords of 1,000 simultaneous wrong ones for one e-mail from one address`, async () => {
    const victim = await member()
    const attacker = '203.0.113.66'
    const { result, verified } = await countVerifications(() =>
      Promise.all(Array.from({ length: 1000 }, (_, i) => signIn(victim.email, `wrong password ${i}`, attacker))),
    )
    assert.equal(verified, LOGIN_THROTTLE.perAddressAndEmail, 'passwords verified')
    assert.deepEqual(statuses(result), { 401: LOGIN_THROTTLE.perAddressAndEmail, 429: 1000 - LOGIN_THROTTLE.perAddressAndEmail })
    const refused = result.find((r) => r.statusCode === 429)!
    assert.equal(refused.json().code, 'too_many_attempts')
    assert.ok(Number(refused.headers['retry-after']) > 0, 'Retry-After')

    // The lockout cannot be aimed: the member, elsewhere, still signs in; the attacker's address stays shut.
    assert.equal((await signIn(victim.email, GOOD_PASSWORD, '198.51.100.23')).statusCode, 200, 'the victim from another address')
    assert.equal((await signIn(victim.email, GOOD_PASSWORD, attacker)).statusCode, 429, 'the attacking address, even with the right password')
  })

  it('answers an e-mail with no account exactly like one that has an account', async () => {
    const ip = '203.0.113.67'
    const probes = LOGIN_THROTTLE.perAddress
    const { result, verified } = await countVerifications(() => Promise.all(Array.from({ length: probes }, () => signIn(uniqueEmail('nobody'), 'wrong password', ip))))
    assert.equal(verified, probes, 'a password is verified for an e-mail without an account too')
    assert.deepEqual(statuses(result), { 401: probes })
    const ghost = uniqueEmail('ghost')
    const real = await member()
    const ipG = '203.0.113.68'
    const ipR = '203.0.113.69'
    const answers = async (email: string, ip: string) => {
      const out: string[] = []
      for (let i = 0; i <= LOGIN_THROTTLE.perAddressAndEmail; i++) {
        const r = await signIn(email, 'not the password', ip)
        out.push(`${r.statusCode} ${r.json().code}`)
      }
      return out
    }
    assert.deepEqual(await answers(ghost, ipG), await answers(real.email, ipR))
  })

  it(`spreads over many addresses: at most ${LOGIN_THROTTLE.perEmail} passwords a minute for one e-mail`, async () => {
    const victim = await member()
    const { result, verified } = await countVerifications(() =>
      Promise.all(Array.from({ length: 100 }, (_, i) => signIn(victim.email, `wrong ${i}`, `192.0.2.${i + 1}`))),
    )
    assert.equal(verified, LOGIN_THROTTLE.perEmail)
    assert.deepEqual(statuses(result), { 401: LOGIN_THROTTLE.perEmail, 429: 100 - LOGIN_THROTTLE.perEmail })
    // It slows, it does not lock: the next minute is open again.
    clock.advance(LOGIN_THROTTLE.emailWindowMs)
    assert.equal((await signIn(victim.email, GOOD_PASSWORD, '198.51.100.24')).statusCode, 200)
  })

  it(`refuses one address's attempt ${LOGIN_THROTTLE.perAddress + 1} across e-mails, even when they arrive together`, async () => {
    const ip = '203.0.113.70'
    const { result, verified } = await countVerifications(() => Promise.all(Array.from({ length: 200 }, () => signIn(uniqueEmail('spray'), 'password spray', ip))))
    assert.equal(verified, LOGIN_THROTTLE.perAddress)
    assert.deepEqual(statuses(result), { 401: LOGIN_THROTTLE.perAddress, 429: 200 - LOGIN_THROTTLE.perAddress })
  })
})

describe('badge submissions under concurrency', () => {
  it(`leaves exactly ${BADGE.pendingPerAccount} of 15 simultaneous submissions pending`, async () => {
    const a = await member()
    const photo = await photoWithMetadata()
    const upload = () => {
      const body = multipartBody([{ name: 'companyName', value: 'Initrode' }, { name: 'photo', value: photo, filename: 'badge.jpg', type: 'image/jpeg' }])
      return t.app.inject({ method: 'POST', url: '/api/v1/verifications/badge', headers: { cookie: a.cookie, ...body.headers }, payload: body.payload })
    }
    const result = await Promise.all(Array.from({ length: 15 }, upload))
    assert.deepEqual(statuses(result), { 202: BADGE.pendingPerAccount, 429: 15 - BADGE.pendingPerAccount })
    assert.equal(result.find((r) => r.statusCode === 429)!.json().code, 'too_many_pending')
    const { n } = await t.ctx.db
      .selectFrom('badgeSubmission')
      .innerJoin('account', 'account.id', 'badgeSubmission.accountId')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('account.emailNormalized', '=', a.email.toLowerCase())
      .where('status', '=', 'pending')
      .executeTakeFirstOrThrow()
    assert.equal(Number(n), BADGE.pendingPerAccount)
  })
})

describe('work e-mail codes to one address', () => {
  let n = 0
  const target = () => `target.${process.pid}.${++n}@northwind.example`
  const start = (cookie: string, email: string) => t.app.inject({ method: 'POST', url: '/api/v1/verifications/email', headers: { cookie }, payload: { email } })
  const mailsTo = (address: string) => smtp.received.filter((m) => m.to.includes(address)).length

  it(`mails one address at most ${EMAIL_VERIFICATION.perTargetPerHour} codes an hour from 7 accounts asking at once`, async () => {
    const victim = target()
    const accounts = await Promise.all(Array.from({ length: 7 }, () => member()))
    const result = await Promise.all(accounts.flatMap((a) => Array.from({ length: 5 }, () => start(a.cookie, victim))))
    assert.deepEqual(statuses(result), { 202: EMAIL_VERIFICATION.perTargetPerHour, 429: 35 - EMAIL_VERIFICATION.perTargetPerHour })
    const refused = result.find((r) => r.statusCode === 429)!
    assert.equal(refused.json().code, 'rate_limited')
    assert.ok(Number(refused.headers['retry-after']) > 0)
    await smtp.waitFor(victim)
    await new Promise((r) => setTimeout(r, 300))
    assert.equal(mailsTo(victim), EMAIL_VERIFICATION.perTargetPerHour, 'mails that arrived')
    const rows = await t.ctx.db.selectFrom('rateLimit').select('keyHash').execute()
    for (const r of rows) assert.ok(!r.keyHash.toString('latin1').includes('northwind'), 'no address in the counters')
  })

  it(`accepts code ${EMAIL_VERIFICATION.perTargetPerHour} to one address and refuses code ${EMAIL_VERIFICATION.perTargetPerHour + 1}, whoever asks`, async () => {
    const victim = target()
    for (let i = 0; i < EMAIL_VERIFICATION.perTargetPerHour; i++) assert.equal((await start((await member()).cookie, victim)).statusCode, 202, `code ${i + 1}`)
    assert.equal((await start((await member()).cookie, victim)).statusCode, 429)
    assert.equal((await start((await member()).cookie, target())).statusCode, 202, 'another address is not affected')
  })

  it(`holds the per-account limit (${EMAIL_VERIFICATION.requestsPerWindow} an hour) when one account asks 12 times at once`, async () => {
    const a = await member()
    const result = await Promise.all(Array.from({ length: 12 }, () => start(a.cookie, target())))
    assert.deepEqual(statuses(result), { 202: EMAIL_VERIFICATION.requestsPerWindow, 429: 12 - EMAIL_VERIFICATION.requestsPerWindow })
  })
})

describe('sign-ups per client address', () => {
  it(`accepts ${SIGN_UP.perAddressPerHour} of 40 simultaneous sign-ups from one address`, async () => {
    const ip = '198.51.100.90'
    const result = await Promise.all(Array.from({ length: 40 }, () => signUpRaw(uniqueEmail('burst'), ip)))
    assert.deepEqual(statuses(result), { 201: SIGN_UP.perAddressPerHour, 429: 40 - SIGN_UP.perAddressPerHour })
    const refused = result.find((r) => r.statusCode === 429)!
    assert.equal(refused.json().code, 'rate_limited')
    assert.ok(Number(refused.headers['retry-after']) > 0)
    assert.equal((await signUpRaw(uniqueEmail('elsewhere'), '198.51.100.91')).statusCode, 201, 'another address is not affected')
  })

  it(`counts email_taken answers: sign-up ${SIGN_UP.perAddressPerHour} is answered, ${SIGN_UP.perAddressPerHour + 1} refused`, async () => {
    const ip = '198.51.100.92'
    const taken = (await member()).email
    for (let i = 0; i < SIGN_UP.perAddressPerHour - 1; i++) {
      const probe = await signUpRaw(taken, ip)
      assert.equal(probe.statusCode, 409, `probe ${i + 1}`)
      assert.equal(probe.json().code, 'email_taken')
    }
    assert.equal((await signUpRaw(uniqueEmail('edge'), ip)).statusCode, 201, `sign-up ${SIGN_UP.perAddressPerHour}`)
    assert.equal((await signUpRaw(uniqueEmail('edge'), ip)).statusCode, 429, `sign-up ${SIGN_UP.perAddressPerHour + 1}`)
    assert.equal((await signUpRaw(taken, ip)).statusCode, 429, 'and a probe past the limit learns nothing')
    clock.advance(60 * 60 * 1000)
    assert.equal((await signUpRaw(uniqueEmail('later'), ip)).statusCode, 201, 'open again the next hour')
  })
})
