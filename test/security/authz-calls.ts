/**
 * How the authorization matrix calls each real-name route: a valid request (a body that passes
 * the schema, a resource that exists), so that a refusal can only be the authorization's. `own`
 * makes the resource the caller's (or a company the caller represents: A); otherwise it is
 * someone else's (B's, or another member's). Work Talk, feed, messages, notifications and
 * moderation are in authz-calls-talk.ts.
 */
import { dayOf } from '../../server/src/context.js'
import { recordEmployment } from '../../server/src/services/verifications/employments.js'
import { uniqueEmail } from '../support/app.js'
import { connectDirect } from '../support/messages.js'
import type { RouteName } from '../support/route-walk.js'
import type { Actor } from './authz-matrix.js'
import { A, type Account, B, type Call, type Role, V, type World } from './authz-world.js'

export interface CallContext {
  w: World
  /** The caller (for `none`, the member whose resource it would be; no cookie is sent). */
  who: Account
  actor: Actor
  /** The caller's role (`member` for `none`): fresh accounts made for a row hold it. */
  role: Role
  own: boolean
}
export type Builder = (c: CallContext) => Promise<Call>

const get = (url: string): Call => ({ method: 'GET', url: V + url })
const send = (method: Call['method'], url: string, payload?: unknown, cookie?: string): Call => ({ method, url: V + url, ...(payload !== undefined && { payload }), ...(cookie && { cookie }) })
const NEW_PASSWORD = 'another fine passphrase 9'
export const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n')

/** A second session of `a`: its id and cookie. */
async function secondSession(w: World, a: Account) {
  const res = await w.call(send('POST', '/sessions', { email: a.email, password: a.password }), null)
  const cookie = `wc_session=${res.cookies.find((c) => c.name === 'wc_session')!.value}`
  const list = (await w.ok({ ...a, cookie }, 'GET', `${V}/me/sessions`)) as { sessions: { id: string; current: boolean }[] }
  return list.sessions.find((s) => s.current)!.id
}
/** A fresh account with two-step sign-in on, and its recovery codes. */
async function withTotp(w: World, role: Role) {
  const a = await w.fresh(role)
  const { secret } = await w.ok(a, 'POST', `${V}/me/totp`)
  const { recoveryCodes } = await w.ok(a, 'POST', `${V}/me/totp/confirm`, { code: await w.totp(secret) })
  return { ...a, recoveryCodes: recoveryCodes as string[] }
}
async function invite(w: World, from: Account, to: Account): Promise<string> {
  return (await w.ok(from, 'POST', `${V}/connections`, { handle: to.handle })).id
}
async function employmentOf(w: World, a: Account, slug?: string): Promise<string> {
  const me = await w.ok(a, 'GET', `${V}/me`)
  return (me.employments as { id: string; company: { slug: string } }[]).find((e) => !slug || e.company.slug === slug)!.id
}
async function badge(w: World, a: Account): Promise<string> {
  const c = w.multipart('POST', `${V}/verifications/badge`, [{ name: 'companyName', value: 'Initrode' }, { name: 'photo', value: w.png, filename: 'b.png', type: 'image/png' }])
  const res = await w.call(c, a)
  if (res.statusCode !== 202) throw new Error(`badge: ${res.statusCode} ${res.body}`)
  return res.json().submissionId
}
const jobBody = (companySlug: string) => ({ companySlug, title: 'Matrix Engineer', location: 'Shanghai', workplace: 'hybrid', description: 'Checks every route.' })
export async function job(w: World, slug: string): Promise<string> {
  return (await w.ok(slug === A ? w.accounts.member : w.other, 'POST', `${V}/jobs`, jobBody(slug))).id
}
async function apply(w: World, a: Account, jobId: string, resume = false): Promise<string> {
  const parts = [{ name: 'note', value: 'Hello' }, ...(resume ? [{ name: 'resume', value: PDF, filename: 'cv.pdf', type: 'application/pdf' }] : [])]
  const res = await w.call(w.multipart('POST', `${V}/jobs/${jobId}/applications`, parts), a)
  if (res.statusCode !== 201) throw new Error(`apply: ${res.statusCode} ${res.body}`)
  return res.json().id
}
/** A review of `slug`, written anonymously by a fresh employee; its id. */
export async function review(w: World, slug: string): Promise<string> {
  const writer = await w.freshVerified(slug)
  const [token] = await w.tokens(writer, slug, 'review', 1)
  const payload = { token, ratings: { overall: 4, culture: 4, workLife: 4, compensation: 4, management: 4, growth: 4 }, recommend: true, pros: 'Kind people.', cons: 'Slow.', employment: 'current', titleFamily: 'engineering' }
  return (await w.ok(null, 'POST', `${V}/companies/${slug}/reviews`, payload)).id
}
const repOf = (w: World, slug: string) => (slug === A ? w.accounts.member : w.other)
/** The company a representative row acts on: one the member represents, or B (someone else's). */
const companyFor = (own: boolean) => (own ? A : B)

export const ACCOUNT_CALLS: Record<RouteName, Builder> = {
  [`GET ${V}/health`]: async () => get('/health'),
  [`GET ${V}/health/live`]: async () => get('/health/live'),
  [`GET ${V}/health/ready`]: async () => get('/health/ready'),
  [`POST ${V}/accounts`]: async () => send('POST', '/accounts', { name: 'Matrix Member', email: uniqueEmail('authz'), password: NEW_PASSWORD }),
  [`POST ${V}/sessions`]: async ({ w }) => {
    const a = await w.fresh()
    return send('POST', '/sessions', { email: a.email, password: a.password })
  },
  [`POST ${V}/sessions/second-factor`]: async ({ w }) => {
    const a = await withTotp(w, 'member')
    const res = await w.call(send('POST', '/sessions', { email: a.email, password: a.password }), null)
    return send('POST', '/sessions/second-factor', { challenge: res.json().challenge, code: a.recoveryCodes[0] })
  },
  [`DELETE ${V}/sessions/current`]: async ({ w, role }) => send('DELETE', '/sessions/current', undefined, (await w.fresh(role)).cookie),
  [`POST ${V}/password-resets`]: async ({ w }) => send('POST', '/password-resets', { email: (await w.fresh()).email }),
  [`POST ${V}/password-resets/confirm`]: async ({ w }) => {
    const a = await w.fresh()
    await w.ok(null, 'POST', `${V}/password-resets`, { email: a.email })
    const mail = await w.smtp.waitFor(a.email)
    const token = /reset-password\?token=([A-Za-z0-9_-]+)/.exec(mail.parsed.text ?? '')![1]
    return send('POST', '/password-resets/confirm', { token, password: NEW_PASSWORD })
  },
  [`GET ${V}/me`]: async () => get('/me'),
  [`PATCH ${V}/me`]: async () => send('PATCH', '/me', { language: 'en' }),
  [`PUT ${V}/me/password`]: async ({ w, role }) => {
    const a = await w.fresh(role)
    return send('PUT', '/me/password', { currentPassword: a.password, newPassword: NEW_PASSWORD }, a.cookie)
  },
  [`DELETE ${V}/me`]: async ({ w, role }) => {
    const a = await w.fresh(role)
    return send('DELETE', '/me', { password: a.password }, a.cookie)
  },
  [`PUT ${V}/me/handle`]: async ({ w, role }) => send('PUT', '/me/handle', { handle: w.uniqueSlug('mx') }, (await w.fresh(role)).cookie),
  [`GET ${V}/photos/:id/:size`]: async ({ w }) => {
    const res = await w.call(w.multipart('PUT', `${V}/me/photo`, [{ name: 'photo', value: w.png, filename: 'me.png', type: 'image/png' }]), w.other)
    return { method: 'GET', url: res.json().avatarUrl }
  },
  [`DELETE ${V}/me/photo`]: async () => send('DELETE', '/me/photo'),
  [`PUT ${V}/me/photo`]: async ({ w }) => w.multipart('PUT', `${V}/me/photo`, [{ name: 'photo', value: w.png, filename: 'me.png', type: 'image/png' }]),
  [`GET ${V}/me/totp`]: async () => get('/me/totp'),
  [`POST ${V}/me/totp`]: async ({ w, role }) => send('POST', '/me/totp', undefined, (await w.fresh(role)).cookie),
  [`POST ${V}/me/totp/confirm`]: async ({ w, role }) => {
    const a = await w.fresh(role)
    const { secret } = await w.ok(a, 'POST', `${V}/me/totp`)
    return send('POST', '/me/totp/confirm', { code: await w.totp(secret) }, a.cookie)
  },
  [`DELETE ${V}/me/totp`]: async ({ w, role }) => {
    const a = await withTotp(w, role)
    return send('DELETE', '/me/totp', { password: a.password, code: a.recoveryCodes[0] }, a.cookie)
  },
  [`GET ${V}/me/sessions`]: async () => get('/me/sessions'),
  [`DELETE ${V}/me/sessions/:id`]: async ({ w, who, own }) => send('DELETE', `/me/sessions/${await secondSession(w, own ? who : w.other)}`),
  [`DELETE ${V}/me/sessions`]: async () => send('DELETE', '/me/sessions'),
  [`GET ${V}/me/export`]: async () => get('/me/export'),

  [`PUT ${V}/me/profile`]: async () => send('PUT', '/me/profile', { headline: 'Checks routes', about: '', location: '', experience: [], education: [], skills: [] }),
  [`GET ${V}/users/:handle`]: async ({ w }) => get(`/users/${w.other.handle}`),
  [`POST ${V}/connections`]: async ({ w }) => send('POST', '/connections', { handle: (await w.fresh()).handle }),
  [`GET ${V}/connections`]: async () => get('/connections'),
  [`GET ${V}/connections/suggestions`]: async () => get('/connections/suggestions'),
  [`POST ${V}/connections/:id/accept`]: async ({ w, who, own }) => send('POST', `/connections/${await invite(w, await w.fresh(), own ? who : w.other)}/accept`),
  [`POST ${V}/connections/:id/ignore`]: async ({ w, who, own }) => send('POST', `/connections/${await invite(w, await w.fresh(), own ? who : w.other)}/ignore`),
  [`DELETE ${V}/connections/:id`]: async ({ w, who, own }) => send('DELETE', `/connections/${await invite(w, own ? who : w.other, await w.fresh())}`),
  [`GET ${V}/users/:handle/mutual`]: async ({ w }) => get(`/users/${w.other.handle}/mutual`),
  [`POST ${V}/blocks`]: async ({ w }) => send('POST', '/blocks', { handle: (await w.fresh()).handle }),
  [`GET ${V}/blocks`]: async () => get('/blocks'),
  [`DELETE ${V}/blocks/:handle`]: async ({ w, who }) => {
    const target = await w.fresh()
    await w.ok(who, 'POST', `${V}/blocks`, { handle: target.handle })
    return send('DELETE', `/blocks/${target.handle}`)
  },
  [`POST ${V}/follows`]: async ({ w }) => send('POST', '/follows', { handle: (await w.fresh()).handle }),
  [`GET ${V}/follows`]: async () => get('/follows'),
  [`DELETE ${V}/follows/:id`]: async ({ w, who, own }) => send('DELETE', `/follows/${(await w.ok(own ? who : w.other, 'POST', `${V}/follows`, { handle: (await w.fresh()).handle })).id}`),

  [`POST ${V}/verifications/email`]: async ({ w }) => send('POST', '/verifications/email', { email: `worker@${w.uniqueSlug('mail')}.example` }),
  [`POST ${V}/verifications/email/confirm`]: async ({ w, who, own }) => {
    const email = `worker@${w.uniqueSlug('mail')}.example`
    const { verificationId } = await w.ok(own ? who : w.other, 'POST', `${V}/verifications/email`, { email })
    const code = /\b(\d{6})\b/.exec((await w.smtp.waitFor(email)).parsed.text ?? '')![1]
    return send('POST', '/verifications/email/confirm', { verificationId, code })
  },
  [`POST ${V}/verifications/badge`]: async ({ w, role }) => ({
    ...w.multipart('POST', `${V}/verifications/badge`, [{ name: 'companyName', value: 'Initrode' }, { name: 'photo', value: w.png, filename: 'b.png', type: 'image/png' }]),
    cookie: (await w.fresh(role)).cookie,
  }),
  [`GET ${V}/verifications/badge`]: async () => get('/verifications/badge'),
  [`GET ${V}/verifications/badge/:id/photo`]: async ({ w, who, own }) => get(`/verifications/badge/${await badge(w, own ? who : await w.fresh())}/photo`),
  [`PATCH ${V}/me/employments/:id`]: async ({ w, who, own }) => send('PATCH', `/me/employments/${await employmentOf(w, own ? who : w.other)}`, { showOnProfile: true }),
  [`POST ${V}/me/employments/:id/leave`]: async ({ w, who, own }) => {
    // Leaving a second employment of its own, so the caller stays verified at A for the other rows.
    const slug = w.uniqueSlug('leave')
    const owner = own ? who : w.other
    const c = await w.company(slug)
    await recordEmployment(w.t.ctx.db, { accountId: owner.id, companyId: c.id, method: 'email', today: dayOf(w.t.ctx.clock.now()), workEmailHmac: null })
    return send('POST', `/me/employments/${await employmentOf(w, owner, c.slug)}/leave`)
  },

  [`GET ${V}/reviews/badges`]: async () => get('/reviews/badges'),
  [`GET ${V}/reviews/badges/:id/photo`]: async ({ w }) => get(`/reviews/badges/${await badge(w, await w.fresh())}/photo`),
  [`GET ${V}/reviews/badges/:id/companies`]: async ({ w }) => get(`/reviews/badges/${await badge(w, await w.fresh())}/companies`),
  [`POST ${V}/reviews/badges/:id/approve`]: async ({ w }) => send('POST', `/reviews/badges/${await badge(w, await w.fresh())}/approve`, { companySlug: B }),
  [`POST ${V}/reviews/badges/:id/reject`]: async ({ w }) => send('POST', `/reviews/badges/${await badge(w, await w.fresh())}/reject`, { reason: 'The name is not readable.' }),

  [`GET ${V}/companies`]: async () => get('/companies?q=authz'),
  [`GET ${V}/companies/:slug`]: async () => get(`/companies/${A}`),
  [`PATCH ${V}/companies/:slug`]: async ({ own }) => send('PATCH', `/companies/${companyFor(own)}`, { description: 'Edited by the matrix.' }),
  [`POST ${V}/companies/:slug/merge`]: async ({ w }) => {
    const [from, into] = [await w.company(w.uniqueSlug('merge-from')), await w.company(w.uniqueSlug('merge-into'))]
    return send('POST', `/companies/${from.slug}/merge`, { into: into.slug })
  },
  [`POST ${V}/companies/:slug/representatives`]: async ({ w, own }) => send('POST', `/companies/${companyFor(own)}/representatives`, { handle: (await w.freshVerified(companyFor(own))).handle }),
  [`DELETE ${V}/companies/:slug/representatives/:handle`]: async ({ w, own }) => {
    const slug = companyFor(own)
    const rep = await w.freshVerified(slug)
    await w.ok(repOf(w, slug), 'POST', `${V}/companies/${slug}/representatives`, { handle: rep.handle })
    return send('DELETE', `/companies/${slug}/representatives/${rep.handle}`)
  },
  [`GET ${V}/admin/companies/duplicates`]: async () => get('/admin/companies/duplicates'),
  [`POST ${V}/admin/companies/duplicates/distinct`]: async ({ w }) => send('POST', '/admin/companies/duplicates/distinct', { a: (await w.company(w.uniqueSlug('twin'))).slug, b: (await w.company(w.uniqueSlug('twin'))).slug }),
  [`GET ${V}/companies/:slug/logo`]: async ({ w }) => {
    await w.call(w.multipart('PUT', `${V}/companies/${B}/logo`, [{ name: 'logo', value: w.png, filename: 'l.png', type: 'image/png' }]), w.other)
    return get(`/companies/${B}/logo`)
  },
  [`DELETE ${V}/companies/:slug/logo`]: async ({ w, own }) => {
    const slug = companyFor(own)
    await w.call(w.multipart('PUT', `${V}/companies/${slug}/logo`, [{ name: 'logo', value: w.png, filename: 'l.png', type: 'image/png' }]), repOf(w, slug))
    return send('DELETE', `/companies/${slug}/logo`)
  },
  [`PUT ${V}/companies/:slug/logo`]: async ({ w, own }) => w.multipart('PUT', `${V}/companies/${companyFor(own)}/logo`, [{ name: 'logo', value: w.png, filename: 'l.png', type: 'image/png' }]),

  [`GET ${V}/companies/:slug/reviews`]: async () => get(`/companies/${A}/reviews`),
  [`POST ${V}/companies/:slug/reviews/:id/response`]: async ({ w, own }) => send('POST', `/companies/${companyFor(own)}/reviews/${await review(w, companyFor(own))}/response`, { body: 'Thank you.' }),
  [`DELETE ${V}/companies/:slug/reviews/:id/response`]: async ({ w, own }) => {
    const slug = companyFor(own)
    const id = await review(w, slug)
    await w.ok(repOf(w, slug), 'POST', `${V}/companies/${slug}/reviews/${id}/response`, { body: 'Thank you.' })
    return send('DELETE', `/companies/${slug}/reviews/${id}/response`)
  },
  [`GET ${V}/companies/:slug/salaries`]: async () => get(`/companies/${A}/salaries`),
  [`GET ${V}/companies/:slug/interviews`]: async () => get(`/companies/${A}/interviews`),

  [`GET ${V}/jobs`]: async () => get('/jobs'),
  [`POST ${V}/jobs`]: async ({ own }) => send('POST', '/jobs', jobBody(companyFor(own))),
  [`GET ${V}/jobs/:id`]: async ({ w }) => get(`/jobs/${await job(w, B)}`),
  [`PATCH ${V}/jobs/:id`]: async ({ w, own }) => send('PATCH', `/jobs/${await job(w, companyFor(own))}`, { title: 'Renamed by the matrix' }),
  [`GET ${V}/companies/:slug/jobs`]: async () => get(`/companies/${B}/jobs`),
  [`POST ${V}/jobs/:id/applications`]: async ({ w }) => w.multipart('POST', `${V}/jobs/${await job(w, B)}/applications`, [{ name: 'note', value: 'Hello' }]),
  [`GET ${V}/me/applications`]: async () => get('/me/applications'),
  [`POST ${V}/applications/:id/withdraw`]: async ({ w, who, own }) => send('POST', `/applications/${await apply(w, own ? who : await w.fresh(), await job(w, B))}/withdraw`),
  [`GET ${V}/companies/:slug/applications`]: async ({ own }) => get(`/companies/${companyFor(own)}/applications`),
  [`PATCH ${V}/applications/:id`]: async ({ w, own }) => send('PATCH', `/applications/${await apply(w, await w.fresh(), await job(w, companyFor(own)))}`, { status: 'reviewing' }),
  [`GET ${V}/applications/:id/resume`]: async ({ w, who, own }) => get(`/applications/${await apply(w, own ? who : await w.fresh(), await job(w, B), true)}/resume`),
  [`PUT ${V}/jobs/:id/saved`]: async ({ w }) => send('PUT', `/jobs/${await job(w, B)}/saved`),
  [`DELETE ${V}/jobs/:id/saved`]: async ({ w, who }) => {
    const id = await job(w, B)
    await w.ok(who, 'PUT', `${V}/jobs/${id}/saved`)
    return send('DELETE', `/jobs/${id}/saved`)
  },
  [`GET ${V}/me/saved-jobs`]: async () => get('/me/saved-jobs'),
  [`GET ${V}/me/job-alerts`]: async () => get('/me/job-alerts'),
  [`POST ${V}/me/job-alerts`]: async () => send('POST', '/me/job-alerts', { q: 'engineer' }),
  [`DELETE ${V}/me/job-alerts/:id`]: async ({ w, who, own }) => send('DELETE', `/me/job-alerts/${(await w.ok(own ? who : w.other, 'POST', `${V}/me/job-alerts`, { q: 'matrix' })).id}`),
  [`GET ${V}/jobs/:id/referrers`]: async ({ w }) => get(`/jobs/${await job(w, B)}/referrers`),
  [`POST ${V}/jobs/:id/referral-requests`]: async ({ w, who }) => {
    const colleague = await w.freshVerified(B)
    await w.ok(colleague, 'PATCH', `${V}/me/employments/${await employmentOf(w, colleague)}`, { acceptsReferrals: true })
    await connectDirect(w.t.ctx, who.id, colleague.id)
    return send('POST', `/jobs/${await job(w, B)}/referral-requests`, { handle: colleague.handle, note: 'Would you refer me?' })
  },
}
