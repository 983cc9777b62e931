/**
 * Issue 12: Prometheus metrics on METRICS_PORT. Requests are counted by route pattern, method and
 * status — the handle a member asked for never appears — and the anonymous scope's routes are
 * not counted at all (a scraped counter would keep when each anonymous write arrived). Without
 * METRICS_PORT nothing is collected.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { ConfigError, envToConfig } from '../../server/src/config.js'
import { startMetricsServer } from '../../server/src/http/metrics.js'
import { buildTestApp, signUp, type TestApp } from '../support/app.js'
import { freePort } from '../support/net.js'

describe('Prometheus metrics', () => {
  let t: TestApp
  let port: number
  let stop: () => Promise<void>
  before(async () => {
    port = await freePort()
    t = await buildTestApp({ env: { METRICS_PORT: String(port) } })
    stop = await startMetricsServer(t.app.metrics!, port, '127.0.0.1')
  })
  after(async () => {
    await stop?.()
    await t?.close()
  })

  it('counts requests by route pattern, method and status, never by the address asked for', async () => {
    const member = await signUp(t.app)
    await t.app.inject({ method: 'GET', url: '/api/v1/health' })
    await t.app.inject({ method: 'GET', url: '/api/v1/users/someone-secret-handle', headers: { cookie: member.cookie } })
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text()
    assert.match(text, /watercooler_http_requests_total\{route="\/api\/v1\/health",method="GET",status="200"\} 1/)
    assert.match(text, /watercooler_http_requests_total\{route="\/api\/v1\/users\/:handle",method="GET",status="404"\} 1/)
    assert.match(text, /watercooler_http_request_duration_seconds_bucket\{le="0.05",route="\/api\/v1\/health",method="GET"\}/)
    assert.ok(!text.includes('someone-secret-handle'), 'the handle asked for is not a label')
    assert.match(text, /watercooler_process_resident_memory_bytes \d+/, 'the process’s own figures')
    assert.match(text, /watercooler_db_connections_open \d+/)
  })

  it('does not count the anonymous scope’s routes, answered or refused', async () => {
    await t.app.inject({ method: 'POST', url: '/api/v1/talk/threads', payload: { title: 'x' } })
    await t.app.inject({ method: 'GET', url: '/api/v1/talk/writes/00000000-0000-4000-8000-000000000000' })
    const text = await t.app.metrics!.text()
    assert.ok(!/route="\/api\/v1\/talk\/(threads|writes)/.test(text), text.split('\n').filter((l) => l.includes('/talk/')).join('\n'))
    // The session side of Work Talk (reads with a session) is ordinary traffic and is counted.
    await t.app.inject({ method: 'GET', url: '/api/v1/talk/channels' })
    assert.match(await t.app.metrics!.text(), /route="\/api\/v1\/talk\/channels"/)
  })

  it('answers /metrics only', async () => {
    assert.equal((await fetch(`http://127.0.0.1:${port}/`)).status, 404)
    const res = await fetch(`http://127.0.0.1:${port}/metrics`)
    assert.equal(res.status, 200)
    assert.match(String(res.headers.get('content-type')), /^text\/plain; version=0\.0\.4/)
  })
})

describe('METRICS_PORT', () => {
  it('unset: no metrics are collected', async () => {
    const t = await buildTestApp()
    try {
      assert.equal(t.app.metrics, null)
    } finally {
      await t.close()
    }
  })

  it('must be a port other than PORT', () => {
    const base = { DATA_DIR: '/tmp/x', SERVER_SECRET: 'test-secret-test-secret-test-secret-0123456789', PORT: '3000' }
    assert.equal(envToConfig({ ...base, METRICS_PORT: '9464' }).metricsPort, 9464)
    assert.throws(() => envToConfig({ ...base, METRICS_PORT: '3000' }), ConfigError)
    assert.throws(() => envToConfig({ ...base, METRICS_PORT: 'abc' }), ConfigError)
  })
})
