/**
 * Calls matrix rows against a real app and says which answered otherwise than the matrix expects.
 */
import type { RouteName } from '../support/route-walk.js'
import { type Builder } from './authz-calls.js'
import { type Access, describeRow, type MatrixRow, type Outcome } from './authz-matrix.js'
import type { Role, World } from './authz-world.js'

export function matches(expect: Outcome, status: number, code: unknown): boolean {
  if (expect === 'allowed') return status >= 200 && status < 400
  // No session must be refused as such (not, say, a 401 bad_credentials of a handler).
  if (expect === 401) return status === 401 && code === 'unauthenticated'
  return status === expect
}

async function streamText(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = []
  for await (const c of stream) chunks.push(Buffer.from(c as Buffer))
  return Buffer.concat(chunks).toString('utf8')
}

/** One row: null when it answered as expected, else what happened. */
export async function runRow(w: World, row: MatrixRow, build: Builder): Promise<string | null> {
  const role: Role = row.actor === 'none' ? 'member' : row.actor
  const who = row.actor === 'none' || row.actor === 'member' ? w.accounts.member : w.accounts[row.actor]
  let status: number
  let body = ''
  try {
    const call = await build({ w, who, actor: row.actor, role, own: row.ownership !== 'other' })
    const res = await w.call(call, row.actor === 'none' ? null : who)
    status = res.statusCode
    // A stream's answer is read only when it is not one (a refusal is a plain problem).
    if (call.stream && status === 200) res.stream().destroy()
    else body = call.stream ? await streamText(res.stream()) : res.body
  } catch (err) {
    return `${describeRow(row)}: could not be called: ${(err as Error).message}`
  }
  let code: unknown
  try {
    code = body ? (JSON.parse(body) as { code?: unknown }).code : undefined
  } catch {
    code = undefined
  }
  if (process.env.WC_AUTHZ_TRACE) process.stderr.write(`${describeRow(row)} → ${status}${code ? ` ${String(code)}` : ''}\n`)
  if (matches(row.expect, status, code)) return null
  return `${describeRow(row)}: expected ${row.expect}, got ${status}${code ? ` ${String(code)}` : ''}${status >= 500 ? ` ${body.slice(0, 200)}` : ''}`
}

/** Every row in turn (in order: they share the app, not their resources); the mismatches. */
export async function runRows(w: World, rows: MatrixRow[], calls: Record<RouteName, Builder>): Promise<string[]> {
  const out: string[] = []
  for (const row of rows) {
    const build = calls[row.route]
    const wrong = build ? await runRow(w, row, build) : `${describeRow(row)}: no call is written for this route`
    if (wrong) out.push(wrong)
  }
  return out
}

/** What the route table itself says of a route (its config), in the matrix's terms. */
export const kindOf = (a: Access): 'public' | 'anonymous' | 'session' => (a.kind === 'public' || a.kind === 'anonymous' ? a.kind : 'session')
