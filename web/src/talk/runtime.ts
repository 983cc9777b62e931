import type { Me } from '../../../shared/src/api/index.js'
import { newThreadNonce, signDelete, signEdit, signPost } from '../../../shared/src/talk/index.js'
import { isApiError } from '../api/client.js'
import { aliasName } from '../../../shared/src/talk/alias.js'
import { anonymousApi } from './anon-fetch.js'
import { initialFetchDelay, overdueSendDelay, publishDelay, refillAfterPostDelay, retryDelay } from './delays.js'
import { Drafts } from './drafts.js'
import { NoTokensError, NoVoiceError } from './errors.js'
import { IdbStore, databaseNameFor, withLock } from './idb.js'
import { IdentityStore } from './identity.js'
import { Outbox, type ComposeInput, type PendingPost } from './outbox.js'
import { LOW, TokenRuntime } from './token-runtime.js'
import { isVerified, voicesFor, type Voice } from './voices.js'

export type RefillState = 'idle' | 'scheduled' | 'fetching' | 'quota' | 'not_verified' | 'failed'

export interface TalkSnapshot {
  /** 'unverified': no verification, nothing to fetch; 'failed': the key directory could not be loaded. */
  phase: 'starting' | 'ready' | 'unverified' | 'failed'
  voices: Voice[]
  /** Tokens held per voice id. */
  tokens: Record<string, number>
  refill: RefillState
  pending: PendingPost[]
  /** The last scheduled post that went out, for a notice. */
  published: { threadId: string; title: string; kind: 'thread' | 'reply' } | null
}


/** Retries with a fresh token after these problems (another tab spent it; its key expired). */
const TOKEN_RETRIES = 2

/**
 * Work Talk's anonymity runtime for one signed-in account in this browser: the key directory,
 * the token wallet and its background refills, the pseudonym keys, scheduled posts and drafts.
 * Every anonymous write goes out through anonymousApi (no cookie); only token issuance uses the session.
 */
export class TalkRuntime {
  readonly store: IdbStore
  readonly identity: IdentityStore
  readonly drafts: Drafts
  readonly #tokens: TokenRuntime
  readonly #outbox: Outbox
  #me: Me
  #snapshot: TalkSnapshot = { phase: 'starting', voices: [], tokens: {}, refill: 'idle', pending: [], published: null }
  readonly #listeners = new Set<() => void>()
  #refillTimer: ReturnType<typeof setTimeout> | undefined
  #refillAt = Infinity
  #sendTimer: ReturnType<typeof setTimeout> | undefined
  #stopped = false
  readonly #onVisible = () => {
    if (document.visibilityState === 'visible') void this.#refreshLocal()
  }

  constructor(me: Me) {
    this.#me = me
    this.store = new IdbStore(databaseNameFor(me.id))
    this.identity = new IdentityStore(this.store)
    this.drafts = new Drafts(this.store)
    this.#tokens = new TokenRuntime(this.store)
    this.#outbox = new Outbox(this.store)
  }

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }
  getSnapshot = (): TalkSnapshot => this.#snapshot

  #set(fields: Partial<TalkSnapshot>): void {
    if (this.#stopped) return
    this.#snapshot = { ...this.#snapshot, ...fields }
    for (const l of this.#listeners) l()
  }

  /** The alias a post signed with this public key shows ("Quiet Heron"). */
  aliasOf(publicKey: string): string {
    return aliasName(publicKey)
  }

  voice(id: string): Voice | undefined {
    return this.#snapshot.voices.find((v) => v.id === id)
  }

  async start(): Promise<void> {
    document.addEventListener('visibilitychange', this.#onVisible)
    const pending = await this.#outbox.recover(Date.now(), overdueSendDelay).catch(() => [])
    this.#set({ pending })
    this.#scheduleSend()
    await this.#loadDirectory()
  }

  stop(): void {
    this.#stopped = true
    clearTimeout(this.#refillTimer)
    clearTimeout(this.#sendTimer)
    document.removeEventListener('visibilitychange', this.#onVisible)
  }

  /** The account changed (a new verification, a lapsed one): recompute the voices. */
  setMe(me: Me): void {
    const before = JSON.stringify(this.#me.employments)
    this.#me = me
    if (JSON.stringify(me.employments) !== before) void this.#loadDirectory()
  }

  async #loadDirectory(): Promise<void> {
    if (!(await this.#refreshDirectory())) return
    await this.#refreshCounts()
    if (this.#needsTokens()) this.#scheduleRefill(initialFetchDelay())
  }

  /**
   * Fetches the key directory (public, the same for everyone, fetched without the cookie) and
   * recomputes the voices. Done on start and before every refill, so a tab left open across an
   * epoch boundary moves on to the new week's keys.
   */
  async #refreshDirectory(): Promise<boolean> {
    if (!isVerified(this.#me)) {
      this.#set({ phase: 'unverified', voices: [] })
      return false
    }
    try {
      const directory = (await anonymousApi.keys()).keys
      await this.#tokens.adopt(directory)
      this.#set({ phase: 'ready', voices: voicesFor(this.#me, directory) })
      return true
    } catch (e) {
      console.warn('Work Talk: the key directory could not be loaded', e)
      if (this.#snapshot.phase !== 'ready') this.#set({ phase: 'failed' })
      return this.#snapshot.phase === 'ready'
    }
  }

  async #refreshCounts(): Promise<void> {
    const tokens: Record<string, number> = {}
    for (const v of this.#snapshot.voices) tokens[v.id] = await this.#tokens.count(v)
    this.#set({ tokens })
  }

  /** Another tab may have spent tokens or sent scheduled posts. */
  async #refreshLocal(): Promise<void> {
    await this.#refreshCounts()
    this.#set({ pending: await this.#outbox.list() })
  }

  #needsTokens(): boolean {
    return this.#snapshot.voices.some((v) => (this.#snapshot.tokens[v.id] ?? 0) < LOW)
  }

  /** Background refill after `ms`; an earlier scheduled one wins. Never called on the posting path. */
  #scheduleRefill(ms: number): void {
    const at = Date.now() + ms
    if (this.#stopped || at >= this.#refillAt) return
    clearTimeout(this.#refillTimer)
    this.#refillAt = at
    this.#set({ refill: 'scheduled' })
    this.#refillTimer = setTimeout(() => void this.#runRefill(), ms)
  }

  async #runRefill(): Promise<void> {
    this.#refillAt = Infinity
    if (this.#stopped) return
    this.#set({ refill: 'fetching' })
    let state: RefillState = 'idle'
    const ready = await this.#refreshDirectory()
    if (!ready && this.#snapshot.phase !== 'unverified') state = 'failed'
    for (const voice of ready ? this.#snapshot.voices : []) {
      try {
        await this.#tokens.refill(voice)
      } catch (e) {
        const code = isApiError(e) ? e.code : ''
        state = code === 'quota_exceeded' ? 'quota' : code === 'not_verified' ? 'not_verified' : 'failed'
        if (state === 'failed') console.warn('Work Talk: token refill failed', e)
      }
    }
    await this.#refreshCounts()
    this.#set({ refill: state })
    if (state === 'failed') this.#scheduleRefill(retryDelay())
  }

  /** After a post: top up later, well apart from the post. */
  async #afterPost(): Promise<void> {
    await this.#refreshCounts()
    if (this.#needsTokens() && this.#snapshot.refill !== 'quota' && this.#snapshot.refill !== 'not_verified') {
      this.#scheduleRefill(refillAfterPostDelay())
    }
  }

  /**
   * Publishes now, or schedules within `withinMinutes`. Throws NoTokensError (and schedules a refill
   * for later — never fetching right before a post), NoVoiceError, or the API error.
   */
  async publish(input: ComposeInput, withinMinutes: number): Promise<{ threadId: string; postId: string } | { scheduled: PendingPost }> {
    if (!this.voice(input.voiceId)) throw new NoVoiceError()
    const nonce = input.kind === 'thread' ? (input.nonce ?? newThreadNonce()) : undefined
    const ready = { ...input, nonce }
    if (withinMinutes > 0) {
      const p: PendingPost = { ...ready, id: crypto.randomUUID(), sendAt: Date.now() + publishDelay(withinMinutes), withinMinutes, state: 'waiting' }
      this.#set({ pending: await this.#outbox.add(p) })
      this.#scheduleSend()
      return { scheduled: p }
    }
    return this.#send(ready)
  }

  async #send(input: ComposeInput): Promise<{ threadId: string; postId: string }> {
    const voice = this.voice(input.voiceId)
    if (!voice) throw new NoVoiceError()
    for (let attempt = 0; ; attempt++) {
      const token = await this.#tokens.take(voice)
      if (!token) {
        await this.#refreshCounts()
        this.#scheduleRefill(refillAfterPostDelay())
        throw new NoTokensError()
      }
      const fields = { title: input.kind === 'thread' ? input.title : '', body: input.body, label: input.label, tokenMessage: token.message }
      try {
        let result: { threadId: string; postId: string }
        if (input.kind === 'thread') {
          const nonce = input.nonce!
          await this.identity.noteNonce(nonce)
          const me = await this.identity.openerIdentity(nonce)
          const author = signPost(me.seed, { ...fields, threadId: null })
          const body = { token, title: fields.title, body: fields.body, label: fields.label, author, ...(input.channel && { channel: input.channel }) }
          result = await anonymousApi.createThread(body as Parameters<typeof anonymousApi.createThread>[0])
          await this.identity.claimNonce(result.threadId, nonce)
        } else {
          const threadId = input.threadId!
          const me = await this.identity.postingIdentity(threadId, input.openingKey)
          const author = signPost(me.seed, { ...fields, threadId })
          const { postId } = await anonymousApi.reply(threadId, { token, body: fields.body, label: fields.label, author })
          result = { threadId, postId }
        }
        void this.#afterPost()
        return result
      } catch (e) {
        const code = isApiError(e) ? e.code : ''
        if (attempt < TOKEN_RETRIES && (code === 'token_spent' || code === 'invalid_token')) {
          if (code === 'invalid_token') await this.#tokens.forgetKey(token.keyId)
          continue
        }
        void this.#refreshCounts()
        throw e
      }
    }
  }

  /** Edits a post this browser wrote, signed with the key that wrote it. */
  async edit(post: { id: string; authorKey: string; revision: number }, threadId: string, openingKey: string, title: string, body: string): Promise<void> {
    const me = (await this.identity.identities(threadId, openingKey)).find((i) => i.publicKey === post.authorKey)
    if (!me) throw new NoVoiceError()
    const author = signEdit(me.seed, { postId: post.id, revision: post.revision, title, body })
    await anonymousApi.edit(post.id, { title, body, revision: post.revision, author })
  }

  async remove(post: { id: string; authorKey: string; revision: number }, threadId: string, openingKey: string): Promise<void> {
    const me = (await this.identity.identities(threadId, openingKey)).find((i) => i.publicKey === post.authorKey)
    if (!me) throw new NoVoiceError()
    const author = signDelete(me.seed, { postId: post.id, revision: post.revision })
    await anonymousApi.remove(post.id, { revision: post.revision, author })
  }

  // ---- scheduled posts ----

  #scheduleSend(): void {
    clearTimeout(this.#sendTimer)
    if (this.#stopped) return
    const next = this.#snapshot.pending.filter((p) => p.state === 'waiting').reduce((min, p) => Math.min(min, p.sendAt), Infinity)
    if (next === Infinity) return
    // Timers are capped (~24.8 days) and throttled in background tabs; re-check at least every minute.
    this.#sendTimer = setTimeout(() => void this.#sendDue(), Math.min(Math.max(0, next - Date.now()), 60_000))
  }

  async #sendDue(): Promise<void> {
    await withLock(this.#outbox.lock, async () => {
      for (const p of await this.#outbox.list()) {
        if (this.#stopped || p.state !== 'waiting' || p.sendAt > Date.now()) continue
        await this.#outbox.patch(p.id, { state: 'sending', since: Date.now() })
        try {
          const { threadId } = await this.#send(p)
          await this.#outbox.remove(p.id)
          this.#set({ published: { threadId, title: p.title, kind: p.kind } })
        } catch (e) {
          if (e instanceof NoTokensError) {
            await this.#outbox.patch(p.id, { state: 'waiting', sendAt: Date.now() + refillAfterPostDelay() + 60_000 })
          } else {
            await this.#outbox.patch(p.id, { state: 'failed', error: isApiError(e) ? e.code : e instanceof NoVoiceError ? 'no_voice' : 'generic' })
          }
        }
      }
    }).catch((e: unknown) => console.warn('Work Talk: sending scheduled posts failed', e))
    this.#set({ pending: await this.#outbox.list() })
    this.#scheduleSend()
  }

  /** Sends a waiting or failed scheduled post at once. */
  async sendNow(id: string): Promise<void> {
    this.#set({ pending: await this.#outbox.patch(id, { state: 'waiting', sendAt: Date.now(), error: undefined }) })
    await this.#sendDue()
  }

  /** Cancels a scheduled post; its text goes back into the composer's draft, so nothing is lost. */
  async cancelPending(id: string): Promise<PendingPost | undefined> {
    const p = (await this.#outbox.list()).find((x) => x.id === id)
    if (!p) return undefined
    await this.drafts.restore(p)
    this.#set({ pending: await this.#outbox.remove(id) })
    this.#scheduleSend()
    return p
  }
}
