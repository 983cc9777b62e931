import type { AppContext } from '../context.js'
import { normaliseEmail } from '../services/accounts/accounts.js'
import crypto from 'node:crypto'
import { ROLES, type Role } from '../policies/roles.js'
import { mergeCompanies } from '../services/companies/companies.js'

export class AdminCommandError extends Error {
  override name = 'AdminCommandError'
}

async function accountByEmail(ctx: AppContext, email: string) {
  const row = await ctx.db.selectFrom('account').select(['id', 'handle', 'role', 'createdOn']).where('emailNormalized', '=', normaliseEmail(email)).executeTakeFirst()
  if (!row) throw new AdminCommandError(`no account has the login e-mail ${email}`)
  return row
}

export async function setRole(ctx: AppContext, email: string, role: string): Promise<string> {
  if (!(ROLES as readonly string[]).includes(role)) throw new AdminCommandError(`role must be one of ${ROLES.join(', ')}`)
  const account = await accountByEmail(ctx, email)
  await ctx.db.updateTable('account').set({ role: role as Role }).where('id', '=', account.id).execute()
  return `${account.handle}: ${account.role} → ${role}`
}

/**
 * What Watercooler can hand over about one account under legal process, and nothing else:
 * the day it was created, the last day it was used, and the companies it verified. Modelled on
 * Signal's published answers. Work Talk posts are not in it because nothing links them to it.
 */
export async function legalExport(ctx: AppContext, email: string) {
  const account = await accountByEmail(ctx, email)
  const lastSeen = await ctx.db
    .selectFrom('session')
    .select((eb) => eb.fn.max('lastUsedOn').as('day'))
    .where('accountId', '=', account.id)
    .executeTakeFirst()
  const companies = await ctx.db
    .selectFrom('employment')
    .innerJoin('company', 'company.id', 'employment.companyId')
    .select(['company.name', 'employment.verifiedOn', 'employment.expiresOn', 'employment.endedOn'])
    .where('employment.accountId', '=', account.id)
    .orderBy('employment.verifiedOn')
    .execute()
  return {
    createdOn: account.createdOn,
    lastSeenOn: (lastSeen?.day as string | null | undefined) ?? null,
    verifiedCompanies: companies.map((c) => ({ company: c.name, verifiedOn: c.verifiedOn, expiresOn: c.expiresOn, endedOn: c.endedOn })),
  }
}

/** `merge <from-slug> <into-slug>`: the same merge as POST /companies/{slug}/merge (issue 10). */
export async function mergeCommand(ctx: AppContext, from: string, into: string): Promise<string> {
  try {
    await mergeCompanies(ctx, from, into)
  } catch (err) {
    throw new AdminCommandError(`merge refused: ${(err as Error).message}`)
  }
  return `${from} merged into ${into}`
}

/**
 * The legal-request register (issue 11): what authority asked for what, when, and what was
 * handed over — counted per quarter on the public transparency page. `disclosed` is filled only
 * by answering a request with the allow-listed export (legalExport), so the page's "disclosed"
 * count is what really went out.
 */
const LEGAL_KINDS = ['subpoena', 'court_order', 'warrant', 'emergency', 'preservation', 'other'] as const
const DAY = /^\d{4}-\d{2}-\d{2}$/

export async function addLegalRequest(ctx: AppContext, r: { receivedOn: string; authority: string; kind: string; reference?: string; accountEmail?: string }): Promise<string> {
  if (!DAY.test(r.receivedOn) || Number.isNaN(Date.parse(r.receivedOn))) throw new AdminCommandError('received must be a day, YYYY-MM-DD')
  if (!(LEGAL_KINDS as readonly string[]).includes(r.kind)) throw new AdminCommandError(`kind must be one of ${LEGAL_KINDS.join(', ')}`)
  if (!r.authority.trim()) throw new AdminCommandError('authority is required')
  const id = crypto.randomUUID()
  await ctx.db
    .insertInto('legalRequest')
    .values({ id, receivedOn: r.receivedOn, authority: r.authority.trim(), kind: r.kind, reference: r.reference?.trim() ?? '', accountEmail: r.accountEmail ? normaliseEmail(r.accountEmail) : null })
    .execute()
  return id
}

export async function listLegalRequests(ctx: AppContext) {
  return ctx.db.selectFrom('legalRequest').selectAll().orderBy('receivedOn').orderBy('id').execute()
}

/** Answers a request: the allow-listed export of the account it names, recorded as disclosed; the request is closed. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
function requestId(id: string): string {
  if (!UUID.test(id)) throw new AdminCommandError(`"${id}" is not a request id (legal-list shows them)`)
  return id
}

export async function answerLegalRequest(ctx: AppContext, rawId: string, today: string) {
  const id = requestId(rawId)
  const req = await ctx.db.selectFrom('legalRequest').selectAll().where('id', '=', id).executeTakeFirst()
  if (!req) throw new AdminCommandError(`no legal request ${id}`)
  if (req.closedOn) throw new AdminCommandError(`legal request ${id} was closed on ${req.closedOn}`)
  if (!req.accountEmail) throw new AdminCommandError('this request names no account; close it with legal-close')
  const out = await legalExport(ctx, req.accountEmail)
  await ctx.db.updateTable('legalRequest').set({ disclosed: Object.keys(out).sort().join(','), closedOn: today }).where('id', '=', id).execute()
  return out
}

/** Closes a request with nothing disclosed (refused, withdrawn, or no such account). */
export async function closeLegalRequest(ctx: AppContext, rawId: string, today: string): Promise<string> {
  const id = requestId(rawId)
  const res = await ctx.db.updateTable('legalRequest').set({ closedOn: today }).where('id', '=', id).where('closedOn', 'is', null).executeTakeFirst()
  if (Number(res.numUpdatedRows) === 0) throw new AdminCommandError(`no open legal request ${id}`)
  return `closed ${id}, nothing disclosed`
}
