import type { TokenScope, TokenWallet } from '../../../shared/src/talk/wallet.js'
import { ApiError, isApiError } from '../api/client.js'
import { anonymousApi } from './anon-fetch.js'
import { firstPollDelay, heldPollDelay, nextPollDelay, overdueSendDelay, publishDelay, resendDelay, respendDelay, tokenAgeDelay } from './delays.js'
import type { Drafts } from './drafts.js'
import { WriteRefusedError } from './errors.js'
import type { IdentityStore } from './identity.js'
import { adoptIds, failureCode, failureKind } from './outcomes.js'
import type { Outbox, OutboxItem } from './outbox.js'
import type { QuietPeriods } from './quiet.js'
import { Timer } from './timer.js'
import { signedRequest } from './write-requests.js'

export interface SenderDeps {
  outbox: Outbox
  wallet: TokenWallet
  identity: IdentityStore
  quiet: QuietPeriods
  drafts: Drafts
  /** The accepted directory's timing, or null before one is accepted. */
  timing: () => { minTokenAgeS: number; mixWindowS: number } | null
  /** Work Talk is paused (a key check failed): send nothing new. */
  paused: () => boolean
  /** The token scope paying for a post in this voice and label; null when the voice is gone. */
  scopeFor: (item: OutboxItem) => TokenScope | null
  onChange: (items: OutboxItem[]) => void
}

const STALE_SENDING_MS = 30_000
const KEEP_DONE_MS = 24 * 60 * 60_000

/**
 * Sends the outbox (DESIGN §2): every anonymous write waits here until the server says it is
 * stored. A post takes its token only when it goes out — the oldest-epoch one at least the minimum
 * age old — and is signed once; the signed request is kept and resent unchanged until the write is
 * read back as stored (GET /talk/writes, no cookie). Runs under the outbox's Web Lock, so one tab
 * at a time works on it; every tab keeps a timer for the next due item.
 */
export class Sender {
  readonly #d: SenderDeps
  readonly #timer = new Timer(() => void this.tick())
  #stopped = false

  constructor(deps: SenderDeps) {
    this.#d = deps
  }

  stop(): void {
    this.#stopped = true
    this.#timer.clear()
  }

  /** After a load: items that came due while no tab was open go out a little later (not with the page's own requests). */
  async recover(): Promise<void> {
    const now = Date.now()
    await this.#d.outbox.map((p) => {
      if (p.doneAt && now - p.doneAt > KEEP_DONE_MS) return null
      if (p.state === 'sending' && now - (p.since ?? 0) > STALE_SENDING_MS) return { ...p, state: 'waiting', wait: 'resend', sendAt: now + overdueSendDelay() }
      if (p.state === 'waiting' && p.sendAt < now) return { ...p, sendAt: now + overdueSendDelay() }
      if ((p.state === 'accepted' || p.state === 'held') && (p.checkAt ?? 0) < now) return { ...p, checkAt: now + overdueSendDelay() }
      return p
    })
    await this.tick()
  }

  /**
   * When a post without a signed request goes out: now if a token old enough is held (or
   * "sooner"), else a random moment between the minimum age and four times it after the draw of
   * its oldest token; with no token at all, after the next draw. "Publish within N minutes" adds
   * its random delay on top.
   */
  async plan(item: OutboxItem): Promise<Pick<OutboxItem, 'sendAt' | 'wait'>> {
    const now = Date.now()
    const extra = item.withinDelayMs ?? publishDelay(item.withinMinutes)
    const scheduled = item.withinMinutes > 0 ? ('scheduled' as const) : undefined
    if (item.sooner) return { sendAt: now + extra, wait: scheduled }
    const timing = this.#d.timing()
    if (!timing) return { sendAt: now + extra, wait: scheduled }
    const minAge = timing.minTokenAgeS * 1000
    // Never a write in the minimum age after this browser's last draw, even one paid with an older
    // token (or an edit, which spends none): the server's records must not show the two together.
    const lastDraw = await this.#d.wallet.lastDrawAt()
    const apart = lastDraw !== null && lastDraw + minAge > now ? lastDraw + (item.ageDelayMs || tokenAgeDelay(timing.minTokenAgeS)) : 0
    if (item.kind === 'edit' || item.kind === 'delete') return apart > now ? { sendAt: apart + extra, wait: 'age' } : { sendAt: now + extra, wait: scheduled }
    const scope = this.#d.scopeFor(item)
    if (!scope) return { sendAt: now + extra, wait: scheduled }
    const readyAt = await this.#d.wallet.readyAt(scope, minAge)
    if (readyAt === null) return { sendAt: Infinity, wait: 'tokens' }
    if (readyAt <= now && apart <= now) return { sendAt: now + extra, wait: scheduled }
    return { sendAt: Math.max(readyAt - minAge + item.ageDelayMs, apart) + extra, wait: 'age' }
  }

  /**
   * Adds a written post, edit or deletion. When it is due at once it is sent now and a refusal
   * throws WriteRefusedError (the item is dropped: its text is still in the composer).
   */
  async enqueue(item: OutboxItem): Promise<OutboxItem> {
    const planned = { ...item, ...(await this.plan(item)) }
    await this.#d.outbox.add(planned)
    if (planned.sendAt <= Date.now() && !this.#d.paused()) {
      await this.#d.outbox.exclusive(() => this.#process(planned.id, true))
    }
    const after = (await this.#d.outbox.list()).find((p) => p.id === item.id)
    await this.tick()
    if (after?.state === 'failed') {
      await this.#d.outbox.remove(item.id)
      this.#d.onChange(await this.#d.outbox.list())
      throw new WriteRefusedError(after.error ?? 'generic')
    }
    return after ?? planned
  }

  /** New tokens arrived: items waiting for tokens (or for young ones) get their moment. */
  async replan(): Promise<void> {
    for (const p of await this.#d.outbox.list()) {
      if (p.state !== 'waiting' || p.request || (p.wait !== 'tokens' && p.wait !== 'age')) continue
      const next = await this.plan(p)
      await this.#d.outbox.patch(p.id, next)
    }
    await this.tick()
  }

  /** Processes what is due, then sets the timer for the next due item. */
  async tick(): Promise<void> {
    if (this.#stopped) return
    try {
      await this.#d.outbox.exclusive(async () => {
        for (const p of await this.#d.outbox.list()) if (this.#due(p, Date.now())) await this.#process(p.id, false)
      })
    } catch (e) {
      console.warn('Work Talk: the outbox could not be sent', e)
    }
    const items = await this.#d.outbox.list().catch(() => null)
    if (!items || this.#stopped) return
    this.#d.onChange(items)
    const next = items.reduce((min, p) => Math.min(min, this.#nextAt(p)), Infinity)
    // Timers are throttled in background tabs; look again at least every minute.
    if (next !== Infinity) this.#timer.set(Math.min(Math.max(0, next - Date.now()), 60_000))
    else this.#timer.clear()
  }

  #nextAt(p: OutboxItem): number {
    if (p.state === 'waiting') return this.#d.paused() ? Infinity : p.sendAt
    if (p.state === 'accepted' || p.state === 'held') return p.checkAt ?? Infinity
    if (p.state === 'sending') return (p.since ?? 0) + STALE_SENDING_MS
    return Infinity
  }

  #due(p: OutboxItem, now: number): boolean {
    return this.#nextAt(p) <= now
  }

  /** One step for one item, on a fresh copy read under the lock (another tab may have moved it on). */
  async #process(id: string, attended: boolean): Promise<void> {
    const item = (await this.#d.outbox.list()).find((p) => p.id === id)
    if (!item || this.#stopped) return
    if (item.state === 'accepted' || item.state === 'held') return this.#poll(item)
    if (item.state === 'sending' || item.state === 'waiting') return this.#send(item, attended)
  }

  async #send(waiting: OutboxItem, attended: boolean): Promise<void> {
    const { outbox } = this.#d
    let item = waiting
    if (!item.request) {
      try {
        const signed = await this.#sign(item)
        if (!signed) return
        item = { ...item, ...signed }
      } catch (e) {
        return this.#fail(item, failureCode(e), attended)
      }
    }
    const request = item.request
    if (!request) return
    await outbox.patch(item.id, { request, token: item.token, state: 'sending', since: Date.now(), wait: undefined })
    if (item.threadId) await this.#d.quiet.note(item.threadId)
    try {
      const answer = await anonymousApi.write(request)
      const ids = adoptIds(item, answer.body)
      const threadId = ids.threadId ?? item.threadId
      if (item.kind === 'thread' && threadId) {
        await this.#d.quiet.note(threadId)
        if (item.nonce) await this.#d.identity.claimNonce(threadId, item.nonce)
      }
      const timing = this.#d.timing()
      if (answer.status === 202) {
        await outbox.patch(item.id, { ...ids, state: 'accepted', checkAt: Date.now() + firstPollDelay(timing?.mixWindowS ?? 30) })
      } else {
        await outbox.patch(item.id, { ...ids, state: 'stored', doneAt: Date.now() })
      }
    } catch (e) {
      await this.#refused(item, e, attended)
    }
  }

  /** Takes a token (never fetching one) and signs; null when none may be spent yet (the item is re-planned). */
  async #sign(item: OutboxItem): Promise<Pick<OutboxItem, 'request' | 'token'> | null> {
    if (item.kind === 'edit' || item.kind === 'delete') return { request: await signedRequest(item, this.#d.identity) }
    const timing = this.#d.timing()
    const scope = this.#d.scopeFor(item)
    if (!scope) throw new WriteRefusedError('no_voice')
    if (!timing) return null
    const minAge = item.sooner ? 0 : timing.minTokenAgeS * 1000
    const lastDraw = minAge ? await this.#d.wallet.lastDrawAt() : null
    const token = lastDraw !== null && lastDraw + minAge > Date.now() ? undefined : await this.#d.wallet.take(scope, minAge)
    if (!token) {
      await this.#d.outbox.patch(item.id, await this.plan({ ...item, withinMinutes: 0, withinDelayMs: 0 }))
      return null
    }
    const ref = { keyId: token.keyId, message: token.message, purpose: token.purpose, epoch: token.epoch }
    return { request: await signedRequest(item, this.#d.identity, token), token: ref }
  }

  async #refused(item: OutboxItem, e: unknown, attended: boolean): Promise<void> {
    const kind = failureKind(e)
    const { outbox, wallet } = this.#d
    if (kind === 'resend') {
      await outbox.patch(item.id, { state: 'waiting', wait: 'resend', sendAt: Date.now() + resendDelay() })
      return
    }
    if (kind === 'respend' || kind === 'badKey') {
      if (item.token) await wallet.markSpent(item.token)
      if (kind === 'badKey' && item.token) await wallet.discardKey(item.token.keyId)
      // Signed again with another token, minutes later: never a retry right after the refusal. A new
      // thread's ids come from its signature, so it has none until then (its nonce stays: same opener key).
      const ids = item.kind === 'thread' ? { threadId: null, postId: undefined } : {}
      await outbox.patch(item.id, { ...ids, state: 'waiting', wait: 'respend', request: undefined, token: undefined, sendAt: Date.now() + respendDelay() })
      return
    }
    await this.#fail(item, failureCode(e), attended)
  }

  async #poll(item: OutboxItem): Promise<void> {
    const { outbox } = this.#d
    if (!item.postId) return this.#resend(item)
    const timing = this.#d.timing()
    const revision = item.kind === 'edit' || item.kind === 'delete' ? (item.revision ?? 0) + 1 : undefined
    try {
      const s = await anonymousApi.writeState(item.postId, revision)
      if (s.state === 'pending') await outbox.patch(item.id, { state: 'accepted', checkAt: Date.now() + nextPollDelay(timing?.mixWindowS ?? 30) })
      else if (s.state === 'held') await outbox.patch(item.id, { state: 'held', checkAt: Date.now() + heldPollDelay() })
      else if (s.state === 'stored') await outbox.patch(item.id, { ...adoptIds(item, s), state: 'stored', doneAt: Date.now() })
      else await this.#refused(item, new ApiError({ type: 'about:blank', title: s.code ?? 'refused', status: 409, detail: s.code ?? 'refused', code: s.code ?? 'refused' }), false)
    } catch (e) {
      // The server lost it (a restart): send the very same request again.
      if (isApiError(e) && e.code === 'unknown_write') return this.#resend(item)
      await outbox.patch(item.id, { checkAt: Date.now() + resendDelay() })
    }
  }

  async #resend(item: OutboxItem): Promise<void> {
    await this.#d.outbox.patch(item.id, { state: 'waiting', wait: 'resend', sendAt: Date.now() })
    const fresh = (await this.#d.outbox.list()).find((p) => p.id === item.id)
    if (fresh) await this.#send(fresh, false)
  }

  /** The write is refused for good: nothing a member wrote is lost — the text goes back into its draft. */
  async #fail(item: OutboxItem, code: string, attended: boolean): Promise<void> {
    await this.#d.outbox.patch(item.id, { state: 'failed', error: code, doneAt: Date.now(), request: undefined })
    if (!attended) await this.#d.drafts.restore(item).catch((e: unknown) => console.warn('Work Talk: a draft could not be restored', e))
  }

  /** "Publish now" / "publish sooner": a waiting item goes out at once. */
  async sendNow(id: string, sooner: boolean): Promise<void> {
    await this.#d.outbox.patch(id, { sendAt: Date.now(), ...(sooner && { sooner: true }), wait: undefined })
    await this.tick()
  }
}
