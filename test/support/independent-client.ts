import { RSABSSA } from '@cloudflare/blindrsa-ts'
import { ed25519 } from '@noble/curves/ed25519.js'
import { hkdf } from '@noble/hashes/hkdf.js'
import { sha256 } from '@noble/hashes/sha2.js'

/**
 * A Work Talk client written from DESIGN.md alone — @cloudflare/blindrsa-ts and @noble Ed25519,
 * none of the project's own client code — to prove that outside clients can speak the protocol.
 * It talks HTTP through a `send` function (app.inject in tests, fetch elsewhere).
 */
export type Send = (req: { method: 'GET' | 'POST' | 'PUT' | 'DELETE'; url: string; cookie?: string; body?: unknown }) => Promise<{ status: number; json: any }>

const b64 = (u: Uint8Array) => Buffer.from(u).toString('base64url')
const unb64 = (s: string) => new Uint8Array(Buffer.from(s, 'base64url'))
const suite = RSABSSA.SHA384.PSS.Randomized()

export interface ClientToken {
  keyId: string
  message: string
  signature: string
}

export class IndependentClient {
  readonly master: Uint8Array
  private readonly nonces = new Map<string, string>() // threadId → nonce of threads this client opened
  /** Every blinded message sent and blind signature received: what the issuer saw. */
  readonly exchanged: string[] = []
  /** `restoreFrom`: another device of the same person — the same master secret (the recovery phrase) and the opener nonces it found again. */
  constructor(
    private readonly send: Send,
    restoreFrom?: IndependentClient,
  ) {
    this.master = restoreFrom ? restoreFrom.master : crypto.getRandomValues(new Uint8Array(32))
    if (restoreFrom) for (const [k, v] of restoreFrom.nonces) this.nonces.set(k, v)
  }

  async directory() {
    const res = await this.send({ method: 'GET', url: '/api/v1/talk/keys' })
    return res.json.keys as { keyId: string; company: string | null; purpose: string; epoch: string; publicKey: string }[]
  }

  /** Tokens of the directory's key for (company, purpose): `fetchTokens` with the key looked up; throws naming it when there is none. */
  async tokensFor(cookie: string, company: string | null, purpose: string, count: number): Promise<ClientToken[]> {
    const key = (await this.directory()).find((k) => k.company === company && k.purpose === purpose)
    if (!key) throw new Error(`no ${purpose} key for ${company ?? 'the null company'} in the directory`)
    return this.fetchTokens(cookie, key.keyId, count)
  }

  /** DESIGN §2 issuance: random 32-byte messages, prepare, blind; the server blind-signs; finalize. */
  async fetchTokens(cookie: string, keyId: string, count: number): Promise<ClientToken[]> {
    const key = (await this.directory()).find((k) => k.keyId === keyId)
    if (!key) throw new Error('key not in directory')
    const pk = await crypto.subtle.importKey('spki', unb64(key.publicKey), { name: 'RSA-PSS', hash: 'SHA-384' }, true, ['verify'])
    const pending = []
    for (let i = 0; i < count; i++) {
      const prepared = suite.prepare(crypto.getRandomValues(new Uint8Array(32)))
      pending.push({ prepared, ...(await suite.blind(pk, prepared)) })
    }
    const res = await this.send({ method: 'POST', url: '/api/v1/talk/tokens', cookie, body: { keyId, blindedMessages: pending.map((p) => b64(p.blindedMsg)) } })
    if (res.status !== 200) throw Object.assign(new Error(`tokens: ${res.status}`), { res })
    this.exchanged.push(...pending.map((p) => b64(p.blindedMsg)), ...(res.json.blindSignatures as string[]))
    const out: ClientToken[] = []
    for (const [i, p] of pending.entries()) {
      const sig = await suite.finalize(pk, p.prepared, unb64(res.json.blindSignatures[i]), p.inv)
      out.push({ keyId, message: b64(p.prepared), signature: b64(sig) })
    }
    return out
  }

  /** DESIGN §3: HKDF-SHA256(master, info = "watercooler/thread/" + id) → Ed25519 seed. */
  seedFor(threadRef: string): Uint8Array {
    return hkdf(sha256, this.master, undefined, new TextEncoder().encode(`watercooler/thread/${threadRef}`), 32)
  }

  /** DESIGN §3: a new thread's key, HKDF-SHA256(master, info = "watercooler/opener/" + nonce). */
  openerSeed(nonce: string): Uint8Array {
    return hkdf(sha256, this.master, undefined, new TextEncoder().encode(`watercooler/opener/${nonce}`), 32)
  }

  /** Signs a tuple with a key of this client (tests use it to forge with the wrong key). */
  sign(seed: Uint8Array, parts: unknown[]) {
    const bytes = new TextEncoder().encode(JSON.stringify(parts))
    return { publicKey: b64(ed25519.getPublicKey(seed)), signature: b64(ed25519.sign(bytes, seed)) }
  }

  /**
   * Opens a thread. `nonce` is the draft's opener nonce: a retry passes the same one (DESIGN §3).
   * A channel other than "general", images or a poll are signed over the v2 tuple.
   */
  async openThread(
    token: ClientToken,
    title: string,
    body: string,
    label: 'company' | 'alias',
    channel?: string,
    nonce = b64(crypto.getRandomValues(new Uint8Array(16))),
    extra: { imageIds?: string[]; poll?: { options: string[]; closesAt: string } } = {},
  ) {
    const imageIds = extra.imageIds ?? []
    const poll = extra.poll ?? null
    const v2 = (channel && channel !== 'general') || imageIds.length > 0 || poll !== null
    const parts = v2 ? ['watercooler/v2/post', null, title, body, label, token.message, channel ?? 'general', imageIds, poll] : ['watercooler/v1/post', null, title, body, label, token.message]
    const author = this.sign(this.openerSeed(nonce), parts)
    const res = await this.send({
      method: 'POST',
      url: '/api/v1/talk/threads',
      body: { token, title, body, label, author, openerNonce: nonce, ...(channel && { channel }), ...(imageIds.length && { imageIds }), ...(poll && { poll }) },
    })
    if (res.status >= 200 && res.status < 300) this.nonces.set(res.json.threadId, nonce)
    return res
  }

  /** DESIGN §3: a vote, by this client's key of the thread; `token` only for the key's first vote on the post. */
  vote(threadId: string, postId: string, value: 1 | 0 | -1, token?: ClientToken) {
    const author = this.sign(this.threadSeed(threadId), ['watercooler/v1/vote', postId, value, token?.message ?? ''])
    return this.send({ method: 'POST', url: '/api/v1/talk/votes', body: { postId, value, author, ...(token && { token }) } })
  }

  /** DESIGN §3: a poll answer (the poll's id is its thread's). */
  answer(pollId: string, option: number, token: ClientToken) {
    const author = this.sign(this.threadSeed(pollId), ['watercooler/v1/poll', pollId, option, token.message])
    return this.send({ method: 'POST', url: `/api/v1/talk/polls/${pollId}/answers`, body: { option, author, token } })
  }

  /** Issue 11: a report of a post, by this client's key of the thread, paid with a react token. */
  report(threadId: string, postId: string, reason: string, token: ClientToken) {
    const author = this.sign(this.threadSeed(threadId), ['watercooler/v1/report', postId, reason, token.message])
    return this.send({ method: 'POST', url: '/api/v1/talk/reports', body: { token, postId, reason, author } })
  }
  reportState(threadId: string, postId: string) {
    const proof = this.sign(this.threadSeed(threadId), ['watercooler/v1/write-state', postId, 'report']).signature
    return this.send({ method: 'GET', url: `/api/v1/talk/writes/${postId}?reporter=${this.publicKeyIn(threadId)}&proof=${proof}` })
  }
  /** Issue 11: an appeal of a post's moderation, signed by the post's own key (no token, no session). */
  appeal(threadId: string, postId: string, body: string) {
    const author = this.sign(this.threadSeed(threadId), ['watercooler/v1/appeal', postId, body])
    return this.send({ method: 'POST', url: '/api/v1/talk/appeals', body: { postId, body, author } })
  }

  /** The state of this client's vote on a post, or its answer to a poll (no session). */
  voteState(threadId: string, postId: string) {
    const proof = this.sign(this.threadSeed(threadId), ['watercooler/v1/write-state', postId, 'vote']).signature
    return this.send({ method: 'GET', url: `/api/v1/talk/writes/${postId}?voter=${this.publicKeyIn(threadId)}&proof=${proof}` })
  }
  answerState(pollId: string) {
    const proof = this.sign(this.threadSeed(pollId), ['watercooler/v1/write-state', pollId, 'answer']).signature
    return this.send({ method: 'GET', url: `/api/v1/talk/writes/${pollId}?answerer=${this.publicKeyIn(pollId)}&proof=${proof}` })
  }
  publicKeyIn(threadId: string): string {
    return b64(ed25519.getPublicKey(this.threadSeed(threadId)))
  }

  /** The key this client uses in a thread: its opener key if it opened it, else the thread key. */
  threadSeed(threadId: string) {
    const nonce = this.nonces.get(threadId)
    return nonce ? this.openerSeed(nonce) : this.seedFor(threadId)
  }

  /** DESIGN §5: what became of an accepted write (no session). */
  writeState(postId: string, revision?: number) {
    return this.send({ method: 'GET', url: `/api/v1/talk/writes/${postId}${revision === undefined ? '' : `?revision=${revision}`}` })
  }

  reply(threadId: string, token: ClientToken, body: string, label: 'company' | 'alias', imageIds: string[] = []) {
    const parts = imageIds.length ? ['watercooler/v2/post', threadId, '', body, label, token.message, 'general', imageIds, null] : ['watercooler/v1/post', threadId, '', body, label, token.message]
    const author = this.sign(this.threadSeed(threadId), parts)
    return this.send({ method: 'POST', url: `/api/v1/talk/threads/${threadId}/posts`, body: { token, body, label, author, ...(imageIds.length && { imageIds }) } })
  }

  edit(threadId: string, postId: string, revision: number, title: string, body: string) {
    const author = this.sign(this.threadSeed(threadId), ['watercooler/v1/edit', postId, revision, title, body])
    return this.send({ method: 'PUT', url: `/api/v1/talk/posts/${postId}`, body: { title, body, revision, author } })
  }

  remove(threadId: string, postId: string, revision: number) {
    const author = this.sign(this.threadSeed(threadId), ['watercooler/v1/delete', postId, revision])
    return this.send({ method: 'DELETE', url: `/api/v1/talk/posts/${postId}`, body: { revision, author } })
  }

  read(cookie: string, threadId: string) {
    return this.send({ method: 'GET', url: `/api/v1/talk/threads/${threadId}`, cookie })
  }
}

/** `send` over app.inject. */
export function injectSender(app: { inject: (o: any) => Promise<{ statusCode: number; body: string }> }, headers: Record<string, string> = {}): Send {
  return async ({ method, url, cookie, body }) => {
    const res = await app.inject({ method, url, headers: { ...headers, ...(cookie && { cookie }) }, ...(body !== undefined && { payload: body }) })
    return { status: res.statusCode, json: res.body ? JSON.parse(res.body) : null }
  }
}

/** Sends over real HTTP to `base` (another server process), as the web client would. */
export function fetchSender(base: string): Send {
  return async ({ method, url, cookie, body }) => {
    const res = await fetch(base + url, {
      method,
      headers: { ...(cookie && { cookie }), ...(body !== undefined && { 'content-type': 'application/json' }) },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    })
    const text = await res.text()
    return { status: res.status, json: text ? JSON.parse(text) : null }
  }
}
