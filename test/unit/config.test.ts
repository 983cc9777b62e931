import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { anonymityWarnings, ConfigError, envToConfig, readEnv } from '../../server/src/config.js'

describe('configuration', () => {
  it('has the documented defaults', () => {
    const c = envToConfig({}, '/srv/wc')
    assert.equal(c.port, 3000)
    assert.equal(c.host, '127.0.0.1')
    assert.equal(c.databaseUrl, null)
    assert.equal(c.databaseListenUrl, null)
    assert.equal(c.dataDir, '/srv/wc/data')
    assert.equal(c.smtpUrl, null)
    assert.equal(c.publicUrl.origin, 'http://127.0.0.1:3000')
    assert.equal(c.serverSecret, null)
    assert.equal(c.minAnonymitySet, 10)
    assert.equal(c.demoData, true)
  })

  it('reads only the variables it knows, and treats empty ones as unset', () => {
    const raw = readEnv({ PORT: '8080', HOST: '', OTHER: 'x', HOME: '/root' })
    assert.equal(raw.PORT, '8080')
    assert.equal(raw.HOST, undefined)
    assert.ok(!('OTHER' in raw) && !('HOME' in raw))
  })

  const bad: [string, Record<string, string>][] = [
    ['PORT', { PORT: 'eighty' }],
    ['PORT', { PORT: '70000' }],
    ['HOST', { HOST: 'a host' }],
    ['DATABASE_URL', { DATABASE_URL: 'mysql://x' }],
    ['DATABASE_URL', { DATABASE_URL: 'not a url' }],
    ['DATABASE_LISTEN_URL', { DATABASE_URL: 'postgres://db/wc', DATABASE_LISTEN_URL: 'mysql://x' }],
    ['DATABASE_LISTEN_URL', { DATABASE_URL: 'postgres://db/wc', DATABASE_LISTEN_URL: 'not a url' }],
    ['DATABASE_LISTEN_URL', { DATABASE_LISTEN_URL: 'postgres://db/wc' }],
    ['SMTP_URL', { SMTP_URL: 'http://mail' }],
    ['PUBLIC_URL', { PUBLIC_URL: 'ftp://x' }],
    ['PUBLIC_URL', { PUBLIC_URL: 'https://example.com/app' }],
    ['SERVER_SECRET', { SERVER_SECRET: 'short' }],
    ['MIN_ANONYMITY_SET', { MIN_ANONYMITY_SET: '0' }],
    ['MIN_ANONYMITY_SET', { MIN_ANONYMITY_SET: '2.5' }],
    ['LOG_LEVEL', { LOG_LEVEL: 'loud' }],
    ['DEMO_DATA', { DEMO_DATA: 'yes' }],
  ]
  for (const [variable, env] of bad) {
    it(`stops at boot on ${JSON.stringify(env)}, naming ${variable}`, () => {
      assert.throws(
        () => envToConfig(env),
        (err: unknown) => err instanceof ConfigError && err.variable === variable && err.message.startsWith(`${variable}:`),
      )
    })
  }

  it('never echoes a database password in its error', () => {
    assert.throws(() => envToConfig({ DATABASE_URL: 'postgres://u:hunter2@[bad' }), (err: Error) => !err.message.includes('hunter2'))
    assert.throws(() => envToConfig({ DATABASE_URL: 'postgres://db/wc', DATABASE_LISTEN_URL: 'postgres://u:hunter2@[bad' }), (err: Error) => !err.message.includes('hunter2'))
  })

  it('reads DATABASE_LISTEN_URL, a direct connection for LISTEN beside a pooled DATABASE_URL', () => {
    const c = envToConfig(readEnv({ DATABASE_URL: 'postgres://pooler:6432/wc', DATABASE_LISTEN_URL: 'postgresql://primary:5432/wc' }))
    assert.equal(c.databaseUrl, 'postgres://pooler:6432/wc')
    assert.equal(c.databaseListenUrl, 'postgresql://primary:5432/wc')
  })

  it('derives PUBLIC_URL from HOST and PORT, and marks https for Secure cookies', () => {
    assert.equal(envToConfig({ HOST: '0.0.0.0', PORT: '8080' }).publicUrl.origin, 'http://0.0.0.0:8080')
    assert.equal(envToConfig({ PUBLIC_URL: 'https://watercooler.example' }).publicUrl.protocol, 'https:')
  })

  it('warns at start about settings that weaken anonymity, and only about those', () => {
    assert.deepEqual(anonymityWarnings(envToConfig({})), [], 'the defaults are the safe settings')
    assert.deepEqual(anonymityWarnings(envToConfig({ TALK_MIX_WINDOW_S: '30', TALK_MIN_TOKEN_AGE_S: '3600' })), [], 'the edge itself is safe')
    const unmixed = anonymityWarnings(envToConfig({ TALK_MIX_WINDOW_S: '0' }))
    assert.equal(unmixed.length, 1)
    assert.match(unmixed[0]!, /TALK_MIX_WINDOW_S=0: .*unmixed/)
    assert.match(anonymityWarnings(envToConfig({ TALK_MIX_WINDOW_S: '29' }))[0]!, /TALK_MIX_WINDOW_S=29/)
    assert.match(anonymityWarnings(envToConfig({ TALK_MIN_TOKEN_AGE_S: '3599' }))[0]!, /TALK_MIN_TOKEN_AGE_S=3599/)
  })
})
