import type { Static } from '@sinclair/typebox'
import type { TalkAppeal } from '../../../shared/src/api/moderation.js'
import type { ImageUploaded, KeyDirectory, KeyLog, WriteState } from '../../../shared/src/api/talk.js'
import type { Token } from '../../../shared/src/talk/tokens.js'
import { ApiError, readResponse, send, type Method } from '../api/client.js'

/**
 * The only way Work Talk's anonymous requests leave the browser (DESIGN §2, §4). Deliberately not
 * the normal API client:
 * - `credentials: 'omit'`: no session cookie, so the request carries nothing tied to the account;
 * - `referrerPolicy: 'no-referrer'`: the page it was sent from (a thread, a profile) stays private;
 * - `cache: 'no-store'`: nothing of it lingers in the HTTP cache;
 * - no custom headers (only the Content-Type JSON needs; an upload's multipart type is the
 *   browser's), so nothing app-specific can be added later by accident (a request id, a trace
 *   header) that the server could log next to the session.
 * The server answers every anonymous request with `Connection: close` (a browser may not set that
 * header itself), so no later request rides on the connection.
 * The server drops identifying headers on these routes as well; this is the client's half.
 */
const BASE = '/api/v1/talk'
/** Company records and helpful marks (issue 10) are anonymous writes under the company's path. */
const COMPANIES = '/api/v1/companies'

function init(method: Method, body?: unknown): RequestInit {
  const r: RequestInit = { method, credentials: 'omit', referrerPolicy: 'no-referrer', cache: 'no-store', mode: 'same-origin' }
  if (body instanceof FormData) {
    r.body = body
  } else if (body !== undefined) {
    r.headers = { 'Content-Type': 'application/json' }
    r.body = JSON.stringify(body)
  }
  return r
}

/**
 * An appeal of a moderation decision (POST /talk/appeals): signed by the post's own key, no token,
 * no session — sent at once, not through the outbox (it spends nothing the timing policy guards).
 */
async function appeal(body: TalkAppeal): Promise<WriteAnswer & { body: { appealId?: string; postId?: string } }> {
  let res: Response
  try {
    res = await fetch(BASE + '/appeals', init('POST', body))
  } catch {
    throw SYNTHETIC(0, 'network_error')
  }
  const answer = await readResponse<{ appealId?: string; postId?: string } | undefined>(res)
  return { status: res.status, body: answer ?? {} }
}

/** An anonymous write exactly as signed, kept in the outbox so a resend is byte-for-byte the same. */
export interface SignedRequest {
  method: 'POST' | 'PUT' | 'DELETE'
  /** Under /api/v1/talk, or under /api/v1/companies with `root: 'companies'`. */
  path: string
  /** A company record or a helpful mark: the path is under /api/v1/companies. */
  root?: 'companies' | undefined
  body: unknown
  /** A vote or answer: the signing key's signature of the question "what became of it" (GET /talk/writes needs it). */
  stateProof?: string
}

/** What the server answered a write: 200 (already there), 201 (stored) or 202 (waiting for its window). */
export interface WriteAnswer {
  status: number
  body: { threadId?: string; postId?: string; revision?: number; id?: string }
}

const enc = encodeURIComponent
const SYNTHETIC = (status: number, code: string) => new ApiError({ type: 'about:blank', title: code, status, detail: code, code })

/** Sends a signed write; throws ApiError with the problem's code on a refusal (network_error when nothing came back). */
async function write(r: SignedRequest): Promise<WriteAnswer> {
  let res: Response
  try {
    res = await fetch((r.root === 'companies' ? COMPANIES : BASE) + r.path, init(r.method, r.body))
  } catch {
    throw SYNTHETIC(0, 'network_error')
  }
  const body = await readResponse<WriteAnswer['body'] | undefined>(res)
  return { status: res.status, body: body ?? {} }
}

/**
 * Uploads one image of a post (POST /talk/images, multipart): the file, as a plain Blob under a
 * neutral name (never the member's file name), and the JSON of the token that will pay for the
 * post — shown, not spent. Throws ApiError like write.
 */
async function upload(image: Blob, token: Token): Promise<Static<typeof ImageUploaded>> {
  const form = new FormData()
  form.append('token', JSON.stringify({ keyId: token.keyId, message: token.message, signature: token.signature }))
  form.append('file', new Blob([image], { type: image.type }), 'image')
  let res: Response
  try {
    res = await fetch(BASE + '/images', init('POST', form))
  } catch {
    throw SYNTHETIC(0, 'network_error')
  }
  return readResponse<Static<typeof ImageUploaded>>(res)
}

/**
 * What GET /talk/writes/{id} is asked about: an edit's or deletion's revision, a vote's or answer's
 * key, a report by the post and the reporting key, an appeal by its id, an upload, a company record (the id is the record's), a helpful mark (the id is the review's,
 * with the marking key and its proof).
 */
export type WriteSubject =
  | { revision: number }
  | { voter: string; proof: string }
  | { answerer: string; proof: string }
  | { reporter: string; proof: string }
  | { appeal: true }
  | { image: true }
  | { record: 'review' | 'salary' | 'interview' }
  | { record: 'helpful'; voter: string; proof: string }

function subjectQuery(s: WriteSubject | number | undefined): string {
  if (s === undefined) return ''
  if (typeof s === 'number') return `?revision=${s}`
  if ('revision' in s) return `?revision=${s.revision}`
  if ('record' in s) return s.record === 'helpful' ? `?record=helpful&voter=${enc(s.voter)}&proof=${enc(s.proof)}` : `?record=${s.record}`
  if ('voter' in s) return `?voter=${enc(s.voter)}&proof=${enc(s.proof)}`
  if ('answerer' in s) return `?answerer=${enc(s.answerer)}&proof=${enc(s.proof)}`
  if ('reporter' in s) return `?reporter=${enc(s.reporter)}&proof=${enc(s.proof)}`
  if ('appeal' in s) return '?appeal=true'
  return '?image=true'
}

export const anonymousApi = {
  /** The key directory and the key log are public and the same for everyone; fetched without the session too. */
  keys: () => send<KeyDirectory>(BASE + '/keys', init('GET')),
  keyLog: () => send<KeyLog>(BASE + '/keys/log', init('GET')),
  write,
  upload,
  appeal,
  /**
   * What became of an accepted write: a new post by its id; an edit or deletion by the post and
   * the revision it makes; a vote by the post and the voting key; an answer by the poll and the
   * answering key; a record by its id; a helpful mark by the review and the marking key.
   */
  writeState: (id: string, subject?: WriteSubject | number) => send<Static<typeof WriteState>>(`${BASE}/writes/${enc(id)}${subjectQuery(subject)}`, init('GET')),
}
