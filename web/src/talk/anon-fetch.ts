import type { Static } from '@sinclair/typebox'
import type { KeyDirectory, KeyLog, WriteState } from '../../../shared/src/api/talk.js'
import { ApiError, readResponse, send, type Method } from '../api/client.js'

/**
 * The only way Work Talk's anonymous requests leave the browser (DESIGN §2, §4). Deliberately not
 * the normal API client:
 * - `credentials: 'omit'`: no session cookie, so the request carries nothing tied to the account;
 * - `referrerPolicy: 'no-referrer'`: the page it was sent from (a thread, a profile) stays private;
 * - `cache: 'no-store'`: nothing of it lingers in the HTTP cache;
 * - no custom headers (only the Content-Type JSON needs), so nothing app-specific can be added
 *   later by accident (a request id, a trace header) that the server could log next to the session.
 * The server drops identifying headers on these routes as well; this is the client's half.
 */
const BASE = '/api/v1/talk'

function init(method: Method, body?: unknown): RequestInit {
  const r: RequestInit = { method, credentials: 'omit', referrerPolicy: 'no-referrer', cache: 'no-store', mode: 'same-origin' }
  if (body !== undefined) {
    r.headers = { 'Content-Type': 'application/json' }
    r.body = JSON.stringify(body)
  }
  return r
}

/** An anonymous write exactly as signed, kept in the outbox so a resend is byte-for-byte the same. */
export interface SignedRequest {
  method: 'POST' | 'PUT' | 'DELETE'
  /** Under /api/v1/talk. */
  path: string
  body: unknown
}

/** What the server answered a write: 200 (already there), 201 (stored) or 202 (waiting for its window). */
export interface WriteAnswer {
  status: number
  body: { threadId?: string; postId?: string; revision?: number }
}

const SYNTHETIC = (status: number, code: string) => new ApiError({ type: 'about:blank', title: code, status, detail: code, code })

/** Sends a signed write; throws ApiError with the problem's code on a refusal (network_error when nothing came back). */
async function write(r: SignedRequest): Promise<WriteAnswer> {
  let res: Response
  try {
    res = await fetch(BASE + r.path, init(r.method, r.body))
  } catch {
    throw SYNTHETIC(0, 'network_error')
  }
  const body = await readResponse<WriteAnswer['body'] | undefined>(res)
  return { status: res.status, body: body ?? {} }
}

const enc = encodeURIComponent

export const anonymousApi = {
  /** The key directory and the key log are public and the same for everyone; fetched without the session too. */
  keys: () => send<KeyDirectory>(BASE + '/keys', init('GET')),
  keyLog: () => send<KeyLog>(BASE + '/keys/log', init('GET')),
  write,
  /** What became of an accepted write (for an edit or deletion, the revision it makes). */
  writeState: (postId: string, revision?: number) =>
    send<Static<typeof WriteState>>(`${BASE}/writes/${enc(postId)}${revision === undefined ? '' : `?revision=${revision}`}`, init('GET')),
}
