import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Writable } from 'node:stream'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { buildApp } from '../../server/src/app.js'
import { envToConfig, type RawEnv } from '../../server/src/config.js'
import { type AppContext, type Clock, createAppContext } from '../../server/src/context.js'
import type { Database } from '../../server/src/db/database.js'
import { freshDatabase } from './db.js'

export interface TestApp {
  app: FastifyInstance
  ctx: AppContext
  /** Every log line the app wrote, parsed. */
  logs: Record<string, unknown>[]
  /** The raw log text, for searching for values that must never appear. */
  logText(): string
  close(): Promise<void>
}

/** A settable clock for tests of windows and expiry. */
export function testClock(start = new Date('2026-11-25T12:00:00Z')) {
  let now = start.getTime()
  const clock: Clock & { advance(ms: number): void; set(d: Date): void } = {
    now: () => new Date(now),
    advance: (ms) => {
      now += ms
    },
    set: (d) => {
      now = d.getTime()
    },
  }
  return clock
}

/** `beforeReady` adds to the app before it starts, as a test that plants a defect does. */
/** `database`: one the caller opened (closed with the app); else a fresh one of the test run’s kind. */
export async function buildTestApp(
  opts: { env?: RawEnv; clock?: Clock; port?: number; beforeReady?: (app: FastifyInstance) => void; inspect?: boolean; database?: Database } = {},
): Promise<TestApp> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wc-test-'))
  const config = envToConfig({
    DATA_DIR: dataDir,
    SERVER_SECRET: 'test-secret-test-secret-test-secret-0123456789',
    PORT: String(opts.port ?? 3000),
    LOG_LEVEL: 'info',
    // Most tests want a write stored when it is answered; mixing has tests of its own, which set it.
    TALK_MIX_WINDOW_S: '0',
    // Test files sign many members up from inject's one address; the sign-up limit has tests of its own, which set it.
    SIGN_UPS_PER_ADDRESS_PER_HOUR: '1000000',
    ...opts.env,
  })
  const database = opts.database ?? (await freshDatabase({ inspect: opts.inspect ?? false }))
  const lines: string[] = []
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean))
      done()
    },
  })
  const ctx = await createAppContext(config, { database, logStream: stream, ...(opts.clock && { clock: opts.clock }) })
  const app = await buildApp(ctx, { logger: { level: 'info', stream } })
  opts.beforeReady?.(app)
  await app.ready()
  return {
    app,
    ctx,
    get logs() {
      return lines.map((l) => JSON.parse(l) as Record<string, unknown>)
    },
    logText: () => lines.join('\n'),
    async close() {
      await app.close()
      await ctx.close()
      fs.rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/** The session cookie a response set, as a Cookie header value. */
export function sessionCookie(res: LightMyRequestResponse): string {
  const c = res.cookies.find((x) => x.name === 'wc_session')
  if (!c) throw new Error(`no session cookie in response ${res.statusCode}: ${res.body}`)
  return `wc_session=${c.value}`
}

let counter = 0
/** A unique e-mail per call, so cases never depend on each other's rows. */
export function uniqueEmail(prefix = 'member'): string {
  counter += 1
  return `${prefix}.${process.pid}.${counter}.${Date.now().toString(36)}@example.com`
}

export const GOOD_PASSWORD = 'correct horse battery staple'

/** Signs up through the public API; returns the account and a Cookie header for it. */
export async function signUp(app: FastifyInstance, fields: { name?: string; email?: string; password?: string } = {}) {
  const email = fields.email ?? uniqueEmail()
  const password = fields.password ?? GOOD_PASSWORD
  const res = await app.inject({ method: 'POST', url: '/api/v1/accounts', payload: { name: fields.name ?? 'Test Member', email, password } })
  if (res.statusCode !== 201) throw new Error(`sign-up failed: ${res.statusCode} ${res.body}`)
  const body = res.json() as { id: string; handle: string }
  return { ...body, email, password, cookie: sessionCookie(res) }
}
