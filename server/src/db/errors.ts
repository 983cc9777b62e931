/** A PostgreSQL unique_violation (23505), optionally on one named constraint. */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  if (typeof err !== 'object' || err === null) return false
  const e = err as { code?: unknown; constraint?: unknown }
  return e.code === '23505' && (constraint === undefined || e.constraint === constraint)
}

/**
 * The database cannot be reached or ended the connection: the server is down, restarting or
 * shutting down, an administrator ended the session, or no connection came within the pool's
 * timeout. Requests that meet it are answered 503 (the client may retry), not 500. SQLSTATE
 * class 08 (connection exception) and 57P01–57P03 (admin/crash shutdown, cannot connect now).
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false
  const e = err as { code?: unknown; message?: unknown }
  const code = typeof e.code === 'string' ? e.code : ''
  if (code.startsWith('08') || ['57P01', '57P02', '57P03', 'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND'].includes(code)) return true
  const message = typeof e.message === 'string' ? e.message : ''
  return /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error and is not queryable|Client was closed and is not queryable)/.test(message)
}
