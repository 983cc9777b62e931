import type { CreateReply, CreateThread, DeletePost, EditPost, KeyDirectory } from '../../../shared/src/api/talk.js'
import { send, type Method } from '../api/client.js'

/**
 * The only way Work Talk's anonymous writes leave the browser (DESIGN §2, §4). Deliberately not
 * the normal API client:
 * - `credentials: 'omit'`: no session cookie, so the request carries nothing tied to the account;
 * - `referrerPolicy: 'no-referrer'`: the page it was sent from (a thread, a profile) stays private;
 * - `cache: 'no-store'`: nothing of it lingers in the HTTP cache;
 * - no custom headers (only the Content-Type JSON needs), so nothing app-specific can be added
 *   later by accident (a request id, a trace header) that the server could log next to the session.
 * The server drops identifying headers on these routes as well; this is the client's half.
 */
const BASE = '/api/v1/talk'

async function anonymous<T>(method: Method, path: string, body?: unknown): Promise<T> {
  const init: RequestInit = {
    method,
    credentials: 'omit',
    referrerPolicy: 'no-referrer',
    cache: 'no-store',
    mode: 'same-origin',
  }
  if (body !== undefined) {
    init.headers = { 'Content-Type': 'application/json' }
    init.body = JSON.stringify(body)
  }
  return send<T>(BASE + path, init)
}

const enc = encodeURIComponent

export const anonymousApi = {
  /** The key directory is public and the same for everyone; fetched without the session too. */
  keys: () => anonymous<KeyDirectory>('GET', '/keys'),
  createThread: (body: CreateThread) => anonymous<{ threadId: string; postId: string }>('POST', '/threads', body),
  reply: (threadId: string, body: CreateReply) => anonymous<{ postId: string }>('POST', `/threads/${enc(threadId)}/posts`, body),
  edit: (postId: string, body: EditPost) => anonymous<void>('PUT', `/posts/${enc(postId)}`, body),
  remove: (postId: string, body: DeletePost) => anonymous<void>('DELETE', `/posts/${enc(postId)}`, body),
}
