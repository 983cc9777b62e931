import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { buildTestApp, GOOD_PASSWORD, type TestApp, uniqueEmail } from '../support/app.js'

// Issue 11: per-address limits "are not dodged with X-Forwarded-For" (TRUST_PROXY, DESIGN §6).
// The sign-up limit stands for all of them: every per-address limit keys on req.ip.

const LIMIT = 3
/** inject's connections come from here: "the test client's address". */
const CLIENT = '127.0.0.1'

function signUp(t: TestApp, opts: { forwardedFor?: string; remoteAddress?: string } = {}) {
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/accounts',
    remoteAddress: opts.remoteAddress ?? CLIENT,
    headers: opts.forwardedFor === undefined ? {} : { 'x-forwarded-for': opts.forwardedFor },
    payload: { name: 'Proxy Tester', email: uniqueEmail('xff'), password: GOOD_PASSWORD },
  })
}

/** Status codes of `n` sign-ups made one after another. */
async function statuses(t: TestApp, n: number, opts: (i: number) => Parameters<typeof signUp>[1]): Promise<number[]> {
  const out: number[] = []
  for (let i = 0; i < n; i++) out.push((await signUp(t, opts(i))).statusCode)
  return out
}

const FULL = [...Array(LIMIT).fill(201), 429]

describe('TRUST_PROXY unset', () => {
  let t: TestApp
  before(async () => {
    t = await buildTestApp({ env: { SIGN_UPS_PER_ADDRESS_PER_HOUR: String(LIMIT) } })
  })
  after(() => t.close())

  it('does not let a spoofed X-Forwarded-For dodge the per-address sign-up limit', async () => {
    // A new forged address every time, as an attacker rotating the header would send.
    assert.deepEqual(await statuses(t, LIMIT + 1, (i) => ({ forwardedFor: `203.0.113.${i + 1}` })), FULL)
    const refused = await signUp(t, { forwardedFor: '198.51.100.200, 203.0.113.250' })
    assert.equal(refused.statusCode, 429)
    assert.equal(refused.json().code, 'rate_limited')
  })

  it('still keys the limit by the connection, so another address has its own allowance', async () => {
    assert.equal((await signUp(t, { remoteAddress: '198.51.100.7', forwardedFor: CLIENT })).statusCode, 201)
  })
})

describe(`TRUST_PROXY=${CLIENT} (the proxy is the test client)`, () => {
  let t: TestApp
  before(async () => {
    t = await buildTestApp({ env: { SIGN_UPS_PER_ADDRESS_PER_HOUR: String(LIMIT), TRUST_PROXY: CLIENT } })
  })
  after(() => t.close())

  it('keys the limit by the forwarded client address', async () => {
    assert.deepEqual(await statuses(t, LIMIT + 1, () => ({ forwardedFor: '203.0.113.10' })), FULL)
    assert.equal((await signUp(t, { forwardedFor: '203.0.113.11' })).statusCode, 201, 'another client behind the same proxy is not limited')
    assert.equal((await signUp(t)).statusCode, 201, 'without the header: the proxy itself, its own allowance')
  })

  it('believes only what the trusted proxy appended, not what the client put before it', async () => {
    // The proxy appends the address it saw; the client prefixed a forged one of its own.
    assert.equal((await signUp(t, { forwardedFor: '198.51.100.99, 203.0.113.10' })).statusCode, 429)
    assert.equal((await signUp(t, { forwardedFor: '203.0.113.11, 203.0.113.10' })).statusCode, 429)
  })

  it('ignores X-Forwarded-For from a connection that is not a listed proxy', async () => {
    // 203.0.113.10 is used up; an untrusted peer naming it is counted as itself.
    const direct = '198.51.100.50'
    assert.deepEqual(await statuses(t, LIMIT + 1, (i) => ({ remoteAddress: direct, forwardedFor: i % 2 ? '203.0.113.10' : `192.0.2.${i}` })), FULL)
    assert.equal((await signUp(t, { forwardedFor: '203.0.113.12' })).statusCode, 201, 'the spoofing peer used up only its own allowance')
  })
})

describe('TRUST_PROXY with a CIDR and two proxies in a row', () => {
  let t: TestApp
  before(async () => {
    t = await buildTestApp({ env: { SIGN_UPS_PER_ADDRESS_PER_HOUR: String(LIMIT), TRUST_PROXY: `10.0.0.0/8,${CLIENT}` } })
  })
  after(() => t.close())

  it('skips every trusted hop and keys the limit by the first address that is not a proxy', async () => {
    assert.deepEqual(await statuses(t, LIMIT + 1, (i) => ({ forwardedFor: `203.0.113.20, 10.${i}.2.3` })), FULL)
    assert.equal((await signUp(t, { forwardedFor: '203.0.113.21, 10.9.9.9' })).statusCode, 201)
    // 11.0.0.1 is outside 10.0.0.0/8: it is the client then, whatever it claims came before it.
    assert.deepEqual(await statuses(t, LIMIT + 1, (i) => ({ forwardedFor: `203.0.113.${30 + i}, 11.0.0.1` })), FULL)
  })
})
