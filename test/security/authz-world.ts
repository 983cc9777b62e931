/**
 * The people and things the authorization matrix calls routes on: one account per role (all
 * verified at company A, so Work Talk reads are theirs to make), a second member ("other") who
 * owns the resources that are someone else's, and small helpers that make fresh resources through
 * the public API — each row makes its own, so no row depends on another's side effects.
 */
import assert from 'node:assert/strict'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { generate } from 'otplib'
import sharp from 'sharp'
import { addDays, dayOf } from '../../server/src/context.js'
import { createCompany } from '../../server/src/services/companies/companies.js'
import { recordEmployment } from '../../server/src/services/verifications/employments.js'
import { buildTestApp, signUp, type TestApp } from '../support/app.js'
import { type ClientToken, IndependentClient, injectSender } from '../support/independent-client.js'
import { multipartBody } from '../support/multipart.js'
import { startSmtpServer, type TestSmtpServer } from '../support/smtp.js'
import type { Actor } from './authz-matrix.js'

export type Role = Exclude<Actor, 'none'>
export interface Account {
  id: string
  handle: string
  email: string
  password: string
  cookie: string
}

/** One request. `cookie` replaces the caller's (a fresh account of the caller's role); never sent for `none`. */
export interface Call {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  url: string
  payload?: unknown
  headers?: Record<string, string>
  cookie?: string
  /** A stream (Server-Sent Events): only the status is read. */
  stream?: boolean
}

export const A = 'authz-a'
export const B = 'authz-b'
export const V = '/api/v1'

export interface World {
  t: TestApp
  app: FastifyInstance
  smtp: TestSmtpServer
  accounts: Record<Role, Account>
  /** A verified employee of B and one of its representatives: the owner of "someone else's". */
  other: Account
  png: Buffer
  /** Calls the app as `who` (null: no cookie) and returns the answer. */
  call(call: Call, who: Account | null): Promise<LightMyRequestResponse>
  /** The same, asserting a 2xx answer, for setting things up; returns the parsed body. */
  ok(who: Account | null, method: Call['method'], url: string, payload?: unknown): Promise<any>
  /** A new account (signed up through the API) holding `role`. */
  fresh(role?: Role): Promise<Account>
  /** A new account verified at `slug` (created if needed), holding `role`. */
  freshVerified(slug: string, role?: Role): Promise<Account>
  company(slug: string): Promise<{ id: string; slug: string }>
  uniqueSlug(prefix: string): string
  client(): IndependentClient
  tokens(drawer: Account, company: string | null, purpose: string, n: number): Promise<ClientToken[]>
  totp(secret: string): Promise<string>
  multipart(method: Call['method'], url: string, parts: Parameters<typeof multipartBody>[0]): Call
  close(): Promise<void>
}

let seq = 0

export async function buildWorld(opts: { beforeReady?: (app: FastifyInstance) => void } = {}): Promise<World> {
  const smtp = await startSmtpServer()
  const t = await buildTestApp({ env: { SMTP_URL: smtp.url, MIN_ANONYMITY_SET: '2' }, ...(opts.beforeReady && { beforeReady: opts.beforeReady }) })
  const app = t.app
  const today = dayOf(t.ctx.clock.now())

  const call: World['call'] = (c, who) => {
    const cookie = who ? (c.cookie ?? who.cookie) : undefined
    const payload = c.payload === undefined ? {} : { payload: c.payload as object }
    return app.inject({ method: c.method, url: c.url, headers: { ...c.headers, ...(cookie && { cookie }) }, ...payload, ...(c.stream && { payloadAsStream: true }) })
  }
  const company = async (slug: string) => {
    const found = await t.ctx.db.selectFrom('company').select(['id', 'slug']).where('slug', '=', slug).executeTakeFirst()
    return found ?? createCompany(t.ctx.db, slug.replace(/-/g, ' '), [`${slug}.example`], today)
  }
  const setRole = async (a: Account, role: Role) => {
    if (role !== 'member') await t.ctx.db.updateTable('account').set({ role }).where('id', '=', a.id).execute()
    return a
  }
  const fresh = async (role: Role = 'member') => setRole(await signUp(app), role)
  const freshVerified = async (slug: string, role: Role = 'member') => {
    const a = await fresh(role)
    const c = await company(slug)
    await recordEmployment(t.ctx.db, { accountId: a.id, companyId: c.id, method: 'email', today: addDays(today, -1), workEmailHmac: null })
    return a
  }
  const client = () => new IndependentClient(injectSender(app))

  const accounts = {
    member: await freshVerified(A),
    reviewer: await freshVerified(A, 'reviewer'),
    moderator: await freshVerified(A, 'moderator'),
    admin: await freshVerified(A, 'admin'),
  }
  const other = await freshVerified(B)
  for (const [rep, slug] of [[accounts.member, A], [other, B]] as const) {
    await t.ctx.db.insertInto('companyRepresentative').values({ companyId: (await company(slug)).id, accountId: rep.id, grantedOn: today }).execute()
  }

  const world: World = {
    t,
    app,
    smtp,
    accounts,
    other,
    png: await sharp({ create: { width: 40, height: 30, channels: 3, background: '#468' } }).png().toBuffer(),
    call,
    async ok(who, method, url, payload) {
      const res = await call({ method, url, payload }, who)
      assert.ok(res.statusCode >= 200 && res.statusCode < 300, `setup: ${method} ${url} answered ${res.statusCode} ${res.body.slice(0, 300)}`)
      return res.body ? res.json() : null
    },
    fresh,
    freshVerified,
    company,
    uniqueSlug: (prefix) => `${prefix}-${++seq}-${Date.now().toString(36)}`,
    client,
    async tokens(drawer, companySlug, purpose, n) {
      const c = client()
      const key = (await c.directory()).find((k) => k.company === companySlug && k.purpose === purpose)
      assert.ok(key, `a ${purpose} key for ${companySlug ?? 'the null company'}`)
      return c.fetchTokens(drawer.cookie, key.keyId, n)
    },
    totp: async (secret) => generate({ secret, epoch: Math.floor(t.ctx.clock.now().getTime() / 1000) }),
    multipart(method, url, parts) {
      const body = multipartBody(parts)
      return { method, url, payload: body.payload, headers: body.headers }
    },
    async close() {
      await t.close()
      await smtp.close()
    },
  }
  return world
}
