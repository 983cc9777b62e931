import type { FastifyReply, FastifyRequest } from 'fastify'
import { SESSION_LIFETIME_DAYS } from '../../../shared/src/api/limits.js'
import type { AppContext } from '../context.js'
import { ForbiddenError, UnauthenticatedError } from '../errors.js'
import { hasRole, type Role } from '../policies/roles.js'
import type { SessionInfo } from '../services/sessions/sessions.js'
import { SESSION_COOKIE } from '../services/sessions/sessions.js'

export function cookieOptions(ctx: AppContext) {
  return {
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: ctx.config.publicUrl.protocol === 'https:',
    path: '/',
    maxAge: SESSION_LIFETIME_DAYS * 24 * 60 * 60,
  }
}

export function setSessionCookie(ctx: AppContext, reply: FastifyReply, token: string): void {
  reply.setCookie(SESSION_COOKIE, token, cookieOptions(ctx))
}

export function clearSessionCookie(ctx: AppContext, reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { ...cookieOptions(ctx), maxAge: 0 })
}

/**
 * The caller's session. The session scope (session-scope.ts) resolved it before the handler ran
 * and refused the request with 401 if there was none, so on a route not marked public this never
 * throws; it does so only if called where no session can be (a public route).
 */
export function sessionOf(req: FastifyRequest): SessionInfo {
  if (!req.session) throw new UnauthenticatedError()
  return req.session
}

/** The caller's session, if its account holds `role` (admins hold every role); else 403. */
export async function requireRole(ctx: AppContext, req: FastifyRequest, role: Role): Promise<SessionInfo> {
  const session = sessionOf(req)
  const row = await ctx.db.selectFrom('account').select('role').where('id', '=', session.accountId).executeTakeFirst()
  if (!row || !hasRole(row.role, role)) throw new ForbiddenError()
  return session
}
