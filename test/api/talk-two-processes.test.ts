import assert from 'node:assert/strict'
import { type ChildProcess, spawn } from 'node:child_process'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { buildTestApp, type TestApp } from '../support/app.js'
import { TEST_DB_KIND } from '../support/db.js'
import { buildVerifiedUser } from '../support/factories.js'
import { freePort } from '../support/net.js'
import { IndependentClient, injectSender, type Send } from '../support/independent-client.js'

const SECRET = 'two-process-secret-two-process-secret-0123456789'
const skip = TEST_DB_KIND !== 'postgres' ? 'needs PostgreSQL (DATABASE_URL): the embedded database admits one process only' : false


function fetchSender(base: string): Send {
  return async ({ method, url, cookie, body }) => {
    const res = await fetch(base + url, {
      method,
      headers: { ...(cookie && { cookie }), ...(body !== undefined && { 'content-type': 'application/json' }) },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    })
    const text = await res.text()
    return { status: res.status, json: text ? JSON.parse(text) : null }
  }
}

describe('two server processes on one PostgreSQL', { skip }, () => {
  let t: TestApp
  let child: ChildProcess
  let urls: string[]
  before(async () => {
    const [portA, portB] = [await freePort(), await freePort()]
    t = await buildTestApp({ port: portA, env: { SERVER_SECRET: SECRET, MIN_ANONYMITY_SET: '1' } })
    await t.app.listen({ port: portA, host: '127.0.0.1' })
    child = spawn(process.execPath, ['--import', 'tsx', path.resolve('server/src/bin.ts')], {
      env: { ...process.env, DATABASE_URL: t.ctx.database.url!, PORT: String(portB), SERVER_SECRET: SECRET, DEMO_DATA: 'false', LOG_LEVEL: 'warn', DATA_DIR: t.ctx.config.dataDir },
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (d: Buffer) => d.toString().includes('is running') && resolve())
      child.once('exit', (code) => reject(new Error(`second server exited with ${code}`)))
    })
    urls = [`http://127.0.0.1:${portA}`, `http://127.0.0.1:${portB}`]
  })
  after(async () => {
    child?.kill('SIGTERM')
    await t?.close()
  })

  it('redeem one token exactly once when 20 requests race across both processes', async () => {
    const m = await buildVerifiedUser(t.app, t.ctx, 'racing')
    const client = new IndependentClient(injectSender(t.app))
    const key = (await client.directory()).find((k) => k.company === 'racing' && k.purpose === 'talk')!
    const [tok] = await client.fetchTokens(m.cookie, key.keyId, 1)
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => new IndependentClient(fetchSender(urls[i % 2]!)).openThread(tok!, `Race ${i}`, 'One token, two servers', 'alias')),
    )
    const statuses = results.map((r) => r.status)
    assert.equal(statuses.filter((s) => s === 201).length, 1, statuses.join(','))
    assert.equal(statuses.filter((s) => s === 409).length, 19, statuses.join(','))
  })
})
