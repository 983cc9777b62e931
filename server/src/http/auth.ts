import type { FastifyReply, FastifyRequest } from 'fastify'
import { SESSION_LIFETIME_DAYS } from '../../../shared/src/api/limits.js'
import type { AppContext } from '../context.js'
import { ForbiddenError, UnauthenticatedError } from '../errors.js'
import { hasRole, type Role } from '../policies/roles.js'
import { resolveSession, SESSION_COOKIE, type SessionInfo } from '../services/sessions/sessions.js'

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
 * The caller's session, or 401. Called explicitly by each handler that needs one, so an
 * anonymous endpoint cannot read a session by accident: it simply never calls this.
 */
export async function requireSession(ctx: AppContext, req: FastifyRequest, reply: FastifyReply): Promise<SessionInfo> {
  const token = req.cookies[SESSION_COOKIE]
  const session = token ? await resolveSession(ctx, token) : null
  if (!session) throw new UnauthenticatedError()
  if (session.renewedToken) setSessionCookie(ctx, reply, session.renewedToken)
  return session
}

/** The caller's session, if its account holds `role` (admins hold every role); else 401 or 403. */
export async function requireRole(ctx: AppContext, req: FastifyRequest, reply: FastifyReply, role: Role): Promise<SessionInfo> {
  const session = await requireSession(ctx, req, reply)
  const row = await ctx.db.selectFrom('account').select('role').where('id', '=', session.accountId).executeTakeFirst()
  if (!row || !hasRole(row.role, role)) throw new ForbiddenError()
  return session
}
