import type { HeldToken, TokenScope, TokenWallet } from '../../../shared/src/talk/wallet.js'
import { ApiError, isApiError } from '../api/client.js'
import { anonymousApi, type WriteSubject } from './anon-fetch.js'
import { firstPollDelay, heldPollDelay, nextPollDelay, overdueSendHookMs, randomBetween, resendDelay, respendDelay } from './delays.js'
import type { Drafts } from './drafts.js'
import { WriteRefusedError } from './errors.js'
import type { IdentityStore } from './identity.js'
import { adoptIds, failureCode, failureKind } from './outcomes.js'
import { isHelpfulItem, isRecordItem, type Outbox, type OutboxEntry, type TakenToken } from './outbox.js'
import { companyQuietKey, type QuietPeriods } from './quiet.js'
import type { Reactions } from './reactions.js'
import { tokenOfRecord, type RecordBook } from './record-book.js'
import { recordScope } from './record-keys.js'
import type { TimingMarks } from './timing-marks.js'
import { overdueSendAt, planWrite, type WritePlan } from './timing-policy.js'
import { Timer } from './timer.js'
import { REACT_KEY_SCOPE } from './voices.js'
import { signedRequest, signerOf, tokenOf } from './write-requests.js'

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
  /** The token scope paying for a post in this voice and label; null when the voice is gone. (Votes and answers pay with REACT_SCOPE.) */
  scopeFor: (item: OutboxEntry) => TokenScope | null
  /** Where every anonymous write notes itself before it leaves, and where the last draw's start is. */
  marks: TimingMarks
  /** Where stored votes and answers are remembered (absent: not remembered). */
  reactions?: Reactions | undefined
  /**
   * Company records' tokens and notes (absent: a record takes the wallet's token in its usual
   * order, and nothing is noted or kept).
   */
  records?: RecordBook | undefined
  onChange: (items: OutboxEntry[]) => void
}

/** Votes, poll answers and reports pay with the null company's `react` key (DESIGN §2), which every draw takes (voices.ts allowanceKeys). */
export const REACT_SCOPE: TokenScope = REACT_KEY_SCOPE

/** The quiet period's name for a company's records (quiet.ts): its pages are not read with the session right after a record went out. */
export { companyQuietKey }

const STALE_SENDING_MS = 30_000
/** A post refused this often for an image the server does not have is refused for good. */
const MAX_IMAGE_WAITS = 4
const KEEP_DONE_MS = 24 * 60 * 60_000

/**
 * Whether this write spends a token: posts, replies, poll answers and reports do, and a key's first vote
 * on a post; a changed or withdrawn vote does not, nor do edits and deletions (signed with the
 * post's key only).
 */
export function spendsToken(item: Pick<OutboxEntry, 'kind' | 'firstVote'>): boolean {
  if (item.kind === 'vote') return item.firstVote === true
  return item.kind !== 'edit' && item.kind !== 'delete'
}

/** A vote or answer waits while an earlier vote of this browser on the same post has not left yet: the server keeps the last one it gets. */
function waitsBehind(p: OutboxEntry, items: readonly OutboxEntry[]): boolean {
  if (p.kind !== 'vote') return false
  return items.some((q) => q !== p && q.kind === 'vote' && q.postId === p.postId && q.createdAt < p.createdAt && (q.state === 'waiting' || q.state === 'sending'))
}

const hasImages = (item: OutboxEntry): boolean => (item.imageRefs?.length ?? 0) > 0

/**
 * Sends the outbox (DESIGN §2): every anonymous write waits here until the server says it is
 * stored. A post takes its token only when it goes out — the oldest-epoch one at least the minimum
 * age old — and is signed once; the signed request is kept and resent unchanged until the write is
 * read back as stored (GET /talk/writes, no cookie). Runs under the outbox's Web Lock, so one tab
 * at a time works on it; every tab keeps a timer for the next due item. WHEN an item goes out is
 * decided by timing-policy.ts (planWrite) — when it is queued, when tokens or draws change, and
 * once more right before it leaves, under the timing lock, where the write is noted (TimingMarks)
 * before its request is made. Votes, poll answers and reports are anonymous writes like posts and go the
 * same way (a first vote and an answer spend a `react` token; a changed vote none). A post with
 * images takes its token when it goes out, uploads them with it (POST /talk/images) right then,
 * and only then signs the post with their ids — uploads and post leave together, from here.
 * Company records (reviews, salary and interview reports) and helpful marks go the same way too:
 * a record is timed exactly like a new post and spends a token of its yearly key (RecordBook
 * picks it: this year's first), unsigned; a helpful mark spends a `react` token like a first vote.
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
    const later = () => overdueSendAt(now, randomBetween, overdueSendHookMs())
    await this.#d.outbox.map((p) => {
      // A refused record has no draft to go back to: it stays (with what was written) until dismissed.
      const keep = p.state === 'failed' && isRecordItem(p)
      if (p.doneAt && now - p.doneAt > KEEP_DONE_MS && !keep) return null
      if (p.state === 'sending' && now - (p.since ?? 0) > STALE_SENDING_MS) return { ...p, state: 'waiting', wait: 'resend', sendAt: later() }
      if (p.state === 'waiting' && p.sendAt < now) return { ...p, sendAt: later() }
      if ((p.state === 'accepted' || p.state === 'held') && (p.checkAt ?? 0) < now) return { ...p, checkAt: later() }
      return p
    })
    await this.tick()
  }

  /** The token scope that pays for this write (null: its voice is gone). */
  #scope(item: OutboxEntry): TokenScope | null {
    if (item.kind === 'vote' || item.kind === 'answer' || item.kind === 'report' || item.kind === 'helpful') return REACT_SCOPE
    if (isRecordItem(item)) return recordScope(item.record.kind, item.record.company)
    return this.#d.scopeFor(item)
  }

  /** The tokens that could pay for it now (a record's: RecordBook's, kept ones included). */
  #tokens(item: OutboxEntry, scope: TokenScope): Promise<HeldToken[]> {
    return isRecordItem(item) && this.#d.records ? this.#d.records.tokens(scope) : this.#d.wallet.tokens(scope)
  }

  /** Takes the token that pays for it (a record's of this year first: RecordBook.take). */
  #take(item: OutboxEntry, scope: TokenScope, minAgeMs: number): Promise<HeldToken | undefined> {
    return isRecordItem(item) && this.#d.records ? this.#d.records.take(scope, minAgeMs) : this.#d.wallet.take(scope, minAgeMs)
  }

  /** The policy's answer for an item without a signed request, from the wallet's state now. */
  async decide(item: OutboxEntry): Promise<WritePlan> {
    const now = Date.now()
    const dueAt = item.createdAt + (item.withinDelayMs ?? 0)
    const timing = this.#d.timing()
    const scope = spendsToken(item) ? this.#scope(item) : null
    // No directory yet, or the voice is gone (signing will say so): nothing to time.
    if (!timing || (spendsToken(item) && !scope)) return { sendAt: dueAt, reason: dueAt > now ? 'scheduled' : 'now', ageDelayMs: item.ageDelayMs, holdDelayMs: item.holdDelayMs ?? 0 }
    const [walletDraw, drawStart] = await Promise.all([this.#d.wallet.lastDrawAt(), this.#d.marks.lastDrawStartAt()])
    const tokens = scope ? await this.#tokens(item, scope) : []
    return planWrite(
      {
        now,
        minTokenAgeMs: timing.minTokenAgeS * 1000,
        dueAt,
        // A draw under way counts as done: its tokens may arrive any second.
        lastDrawAt: walletDraw === null && drawStart === null ? null : Math.max(walletDraw ?? -Infinity, drawStart ?? -Infinity),
        spendsToken: spendsToken(item),
        tokenDrawTimes: tokens.map((t) => t.drawnAt),
        sooner: item.sooner,
        later: item.later ?? false,
        ageDelayMs: item.ageDelayMs || undefined,
        holdDelayMs: item.holdDelayMs,
      },
      randomBetween,
    )
  }

  /** When a waiting item goes out and why, as outbox fields (the policy's random choices kept with it). */
  async plan(item: OutboxEntry): Promise<Pick<OutboxEntry, 'sendAt' | 'wait' | 'ageDelayMs' | 'holdDelayMs'>> {
    const p = await this.decide(item)
    const wait = p.reason === 'now' ? undefined : p.reason
    return { sendAt: p.sendAt, wait, ageDelayMs: p.ageDelayMs, holdDelayMs: p.holdDelayMs }
  }

  /**
   * Adds a written post, edit, deletion, vote or answer. When it is due at once it is sent now and
   * a refusal throws WriteRefusedError (the item is dropped: its text is still in the composer). A
   * post with images is not sent while the composer waits (its uploads may take a while): it goes
   * out from the timer, and a refusal puts it back into its draft.
   */
  async enqueue<T extends OutboxEntry>(item: T): Promise<T> {
    const planned = { ...item, ...(await this.plan(item)) }
    await this.#d.outbox.add(planned)
    if (hasImages(planned)) {
      // From the timer, once the composer has its answer (and has cleared its draft, which a
      // refusal may then fill again).
      this.#d.onChange(await this.#d.outbox.list())
      if (!this.#stopped) this.#timer.set(0)
      return planned
    }
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
    return (after ?? planned) as T
  }

  /** A draw happened or tokens changed: every item not signed yet gets its moment again. */
  async replan(): Promise<void> {
    const now = Date.now()
    for (const p of await this.#d.outbox.list()) {
      // Signed, or (a post with images) its token taken: its moment was decided.
      if (p.state !== 'waiting' || p.request || p.payToken) continue
      const next = await this.plan(p)
      // Already given a moment a little later (after a load, after a refused token): keep it.
      if (p.sendAt > now && p.sendAt !== Infinity && (next.sendAt <= now || p.wait === 'respend')) Object.assign(next, { sendAt: Math.max(next.sendAt, p.sendAt), wait: p.wait })
      if (next.sendAt !== p.sendAt || next.wait !== p.wait || next.holdDelayMs !== p.holdDelayMs || next.ageDelayMs !== p.ageDelayMs) await this.#d.outbox.patch(p.id, next)
    }
    await this.tick()
  }

  /** Processes what is due, then sets the timer for the next due item. */
  async tick(): Promise<void> {
    if (this.#stopped) return
    try {
      await this.#d.outbox.exclusive(async () => {
        const items = await this.#d.outbox.list()
        for (const p of items) if (this.#due(p, Date.now()) && !waitsBehind(p, items)) await this.#process(p.id, false)
      })
    } catch (e) {
      console.warn('Work Talk: the outbox could not be sent', e)
    }
    const items = await this.#d.outbox.list().catch(() => null)
    if (!items || this.#stopped) return
    this.#d.onChange(items)
    const next = items.reduce((min, p) => (waitsBehind(p, items) ? min : Math.min(min, this.#nextAt(p))), Infinity)
    // Timers are throttled in background tabs; look again at least every minute.
    if (next !== Infinity) this.#timer.set(Math.min(Math.max(0, next - Date.now()), 60_000))
    else this.#timer.clear()
  }

  #nextAt(p: OutboxEntry): number {
    if (p.state === 'waiting') return this.#d.paused() ? Infinity : p.sendAt
    if (p.state === 'accepted' || p.state === 'held') return p.checkAt ?? Infinity
    if (p.state === 'sending') return (p.since ?? 0) + STALE_SENDING_MS
    return Infinity
  }

  #due(p: OutboxEntry, now: number): boolean {
    return this.#nextAt(p) <= now
  }

  /** One step for one item, on a fresh copy read under the lock (another tab may have moved it on). */
  async #process(id: string, attended: boolean): Promise<void> {
    const item = (await this.#d.outbox.list()).find((p) => p.id === id)
    if (!item || this.#stopped) return
    if (item.state === 'accepted' || item.state === 'held') return this.#poll(item)
    if (item.state === 'sending' || item.state === 'waiting') return this.#send(item, attended)
  }

  async #send(waiting: OutboxEntry, attended: boolean): Promise<void> {
    const { outbox } = this.#d
    let item = waiting
    if (!item.request && !item.payToken) {
      try {
        // The last word on its moment, and the write noted, with no draw deciding in between.
        const signed = await this.#d.marks.decide(async () => {
          // Due items only reach this point, and the policy answers the same moment again unless
          // something changed (a draw, tokens): then the item waits for its new moment.
          const plan = await this.plan(item)
          if (plan.sendAt > Date.now()) {
            await outbox.patch(item.id, plan)
            return null
          }
          const s = await this.#sign(item)
          if (s) await this.#d.marks.noteWrite(Date.now())
          return s
        })
        if (!signed) return
        item = { ...item, ...signed }
        // Taken for a post with images: kept at once, so a reload goes on with it (and its uploads).
        if (item.payToken) await outbox.patch(item.id, { payToken: item.payToken, token: item.token, state: 'sending', since: Date.now(), wait: undefined })
      } catch (e) {
        return this.#fail(item, failureCode(e), attended)
      }
    } else {
      // A resend, or the rest of a post's uploads, leaves too (its first attempt may never have
      // arrived): noted like any write, before the request.
      await this.#d.marks.noteWrite(Date.now())
    }
    if (!item.request) {
      try {
        item = await this.#uploadAndSign(item)
      } catch (e) {
        return this.#refused(item, e, attended)
      }
    }
    const request = item.request
    if (!request) return
    await outbox.patch(item.id, { request, token: item.token, authorKey: item.authorKey, state: 'sending', since: Date.now(), wait: undefined })
    if (item.threadId) await this.#d.quiet.note(item.threadId)
    if (item.company && (isRecordItem(item) || isHelpfulItem(item))) await this.#d.quiet.note(companyQuietKey(item.company))
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
        await this.#stored(item, ids)
      }
    } catch (e) {
      await this.#refused(item, e, attended)
    }
  }

  /**
   * Stored: votes, answers, records and helpful marks are remembered. A post's images stay here
   * while the item does (its page shows them until the thread is read again); Outbox.collectImages
   * deletes them after.
   */
  async #stored(item: OutboxEntry, ids: Partial<OutboxEntry>): Promise<void> {
    await this.#d.reactions?.stored(item).catch((e: unknown) => console.warn('Work Talk: a vote or answer could not be remembered', e))
    await this.#d.records?.stored(item).catch((e: unknown) => console.warn('Work Talk: a record could not be remembered', e))
    await this.#d.outbox.patch(item.id, { ...ids, state: 'stored', doneAt: Date.now(), payToken: undefined })
  }

  /**
   * A post with images, its token taken: uploads the images not uploaded yet, one after the
   * other, each with that token (the server counts at most four per token), keeping every id as
   * it comes; then signs the post with them. Throws what an upload threw (the item is then
   * refused or retried like a write): what was uploaded is kept, the token too.
   */
  async #uploadAndSign(item: OutboxEntry): Promise<OutboxEntry> {
    const { outbox } = this.#d
    const token = item.payToken
    const refs = item.imageRefs ?? []
    if (!token) throw new RangeError('a post with images is signed with the token its uploads showed')
    const ids = refs.map((_, i) => item.imageIds?.[i] ?? null)
    for (const [i, ref] of refs.entries()) {
      if (ids[i]) continue
      const image = await outbox.image(ref)
      if (!image) throw new WriteRefusedError('image_missing')
      await this.#d.marks.noteWrite(Date.now())
      await outbox.patch(item.id, { state: 'sending', since: Date.now(), wait: undefined })
      const uploaded = await anonymousApi.upload(image, tokenOf(token))
      ids[i] = uploaded.imageId
      await outbox.patch(item.id, { imageIds: [...ids] })
    }
    const request = await signedRequest({ ...item, imageIds: ids }, this.#d.identity, token)
    await outbox.patch(item.id, { imageIds: ids, request, imageWaits: item.imageWaits })
    return { ...item, imageIds: ids, request }
  }

  /**
   * Takes a token (never fetching one) and signs; null when none may be spent yet (the item is
   * re-planned). A post with images is signed after its uploads: here it only takes its token.
   */
  async #sign(item: OutboxEntry): Promise<Pick<OutboxEntry, 'request' | 'token' | 'payToken' | 'authorKey'> | null> {
    if (!spendsToken(item)) {
      const request = await signedRequest(item, this.#d.identity)
      return { request, ...(item.kind === 'vote' && { authorKey: signerOf(request) }) }
    }
    const timing = this.#d.timing()
    const scope = this.#scope(item)
    if (!scope) throw new WriteRefusedError('no_voice')
    if (!timing) return null
    // The policy said it may go now: that decided the token's age too (a forced post's moment is past it).
    const token = await this.#take(item, scope, item.sooner ? 0 : timing.minTokenAgeS * 1000)
    if (!token) {
      // Another tab took the token meanwhile: planned again (no token left: after the next draw — never a fetch).
      const plan = await this.plan(item)
      await this.#d.outbox.patch(item.id, plan.sendAt <= Date.now() ? { ...plan, sendAt: Date.now() + resendDelay() } : plan)
      return null
    }
    const ref = { keyId: token.keyId, message: token.message, purpose: token.purpose, epoch: token.epoch, ...(isRecordItem(item) && { drawnAt: token.drawnAt }) }
    if (hasImages(item)) return { payToken: { ...ref, signature: token.signature } satisfies TakenToken, token: ref }
    const request = await signedRequest(item, this.#d.identity, token)
    return { request, token: ref, ...((item.kind === 'vote' || item.kind === 'answer' || item.kind === 'report' || item.kind === 'helpful') && { authorKey: signerOf(request) }) }
  }

  async #refused(item: OutboxEntry, e: unknown, attended: boolean): Promise<void> {
    const kind = failureKind(e)
    const { outbox, wallet } = this.#d
    // A new thread's ids come from its signature, a record's from its token: one signed anew has none until it is sent.
    const unsigned = { request: undefined, ...(item.kind === 'thread' && { threadId: null, postId: undefined }), ...(isRecordItem(item) && { recordId: undefined }) }
    if (kind === 'stored') return this.#stored(item, {})
    if (kind === 'resend') {
      await outbox.patch(item.id, { state: 'waiting', wait: 'resend', sendAt: Date.now() + resendDelay() })
      return
    }
    if (kind === 'needToken' && item.kind === 'vote') {
      // The server holds no earlier vote of this key on the post (it was refused, or made on
      // another device): minutes later, this one goes as a first vote, with a token.
      await outbox.patch(item.id, { ...unsigned, firstVote: true, token: undefined, state: 'waiting', wait: 'respend', sendAt: Date.now() + respendDelay() })
      return
    }
    const imageWaits = (item.imageWaits ?? 0) + 1
    if (kind === 'images' && item.payToken && imageWaits <= MAX_IMAGE_WAITS) {
      // An upload the post names is not there: still waiting for its window in another process,
      // or lost with a restart. Sent again after a window; the next time, uploaded again (same
      // token); then the same once more, and then the post fails (back into its draft).
      const again = imageWaits % 2 === 1 ? { imageWaits } : { ...unsigned, imageIds: undefined, imageWaits }
      const timing = this.#d.timing()
      await outbox.patch(item.id, { ...again, state: 'waiting', wait: 'resend', sendAt: Date.now() + firstPollDelay(timing?.mixWindowS ?? 30) })
      return
    }
    if (kind === 'respend' || kind === 'badKey') {
      if (item.token) await wallet.markSpent(item.token)
      if (kind === 'badKey' && item.token) await wallet.discardKey(item.token.keyId)
      // Signed again with another token, minutes later: never a retry right after the refusal (its
      // nonce stays: same opener key). A post's images go up again with the new token.
      const images = item.payToken ? { payToken: undefined, imageIds: undefined, imageWaits: 0 } : {}
      await outbox.patch(item.id, { ...unsigned, ...images, state: 'waiting', wait: 'respend', token: undefined, sendAt: Date.now() + respendDelay() })
      return
    }
    // A record refused for its fields: the server checks them before the token, so the token is
    // unspent there — kept for the next record of its scope (a quota of one a year must not be lost to a typo).
    const scope = isRecordItem(item) && isApiError(e) && e.status === 400 ? this.#scope(item) : null
    const kept = scope ? tokenOfRecord(item, scope) : null
    if (kept) await this.#d.records?.keep(kept).catch((err: unknown) => console.warn('Work Talk: a record’s token could not be kept', err))
    await this.#fail(item, failureCode(e), attended)
  }

  /** What GET /talk/writes is asked about this item: its id there, and what names the write (null: not known, send it again). */
  #subject(item: OutboxEntry): { id: string; subject?: WriteSubject } | null {
    // Only the voting key may ask about its vote: the question is signed (request.stateProof).
    const proof = item.request?.stateProof
    if (isRecordItem(item)) return item.recordId ? { id: item.recordId, subject: { record: item.kind } } : null
    if (item.kind === 'helpful') return item.reviewId && item.authorKey && proof ? { id: item.reviewId, subject: { record: 'helpful', voter: item.authorKey, proof } } : null
    if (item.kind === 'vote') return item.postId && item.authorKey && proof ? { id: item.postId, subject: { voter: item.authorKey, proof } } : null
    if (item.kind === 'answer') return item.pollId && item.authorKey && proof ? { id: item.pollId, subject: { answerer: item.authorKey, proof } } : null
    if (item.kind === 'report') return item.postId && item.authorKey && proof ? { id: item.postId, subject: { reporter: item.authorKey, proof } } : null
    if (!item.postId) return null
    return item.kind === 'edit' || item.kind === 'delete' ? { id: item.postId, subject: { revision: (item.revision ?? 0) + 1 } } : { id: item.postId }
  }

  async #poll(item: OutboxEntry): Promise<void> {
    const { outbox } = this.#d
    const asked = this.#subject(item)
    if (!asked) return this.#resend(item)
    const timing = this.#d.timing()
    try {
      const s = await anonymousApi.writeState(asked.id, asked.subject)
      if (s.state === 'pending') await outbox.patch(item.id, { state: 'accepted', checkAt: Date.now() + nextPollDelay(timing?.mixWindowS ?? 30) })
      else if (s.state === 'held') await outbox.patch(item.id, { state: 'held', heldRule: s.code, checkAt: Date.now() + heldPollDelay() })
      else if (s.state === 'stored') await this.#stored(item, adoptIds(item, s))
      else await this.#refused(item, new ApiError({ type: 'about:blank', title: s.code ?? 'refused', status: 409, detail: s.code ?? 'refused', code: s.code ?? 'refused' }), false)
    } catch (e) {
      // The server lost it (a restart): send the very same request again.
      if (isApiError(e) && e.code === 'unknown_write') return this.#resend(item)
      await outbox.patch(item.id, { checkAt: Date.now() + resendDelay() })
    }
  }

  async #resend(item: OutboxEntry): Promise<void> {
    await this.#d.outbox.patch(item.id, { state: 'waiting', wait: 'resend', sendAt: Date.now() })
    const fresh = (await this.#d.outbox.list()).find((p) => p.id === item.id)
    if (fresh) await this.#send(fresh, false)
  }

  /** The write is refused for good: nothing a member wrote is lost — the text goes back into its draft. */
  async #fail(item: OutboxEntry, code: string, attended: boolean): Promise<void> {
    await this.#d.outbox.patch(item.id, { state: 'failed', error: code, doneAt: Date.now(), request: undefined, payToken: undefined })
    if (!attended) await this.#d.drafts.restore(item).catch((e: unknown) => console.warn('Work Talk: a draft could not be restored', e))
  }

  /**
   * "Publish now" (a scheduled post: its "within N minutes" is dropped; the timing rules still
   * apply) or "publish sooner" (after the warning: at once, with a young token if need be, held or not).
   */
  async sendNow(id: string, sooner: boolean): Promise<void> {
    await this.#rule(id, { withinDelayMs: 0, ...(sooner && { sooner: true, later: false }) })
  }

  /** "Publish later (safer)": a post that can only spend its fresh tokens takes the long hold after the draw instead. */
  async sendLater(id: string): Promise<void> {
    await this.#rule(id, { later: true, sooner: false })
  }

  async #rule(id: string, fields: Partial<OutboxEntry>): Promise<void> {
    await this.#d.outbox.exclusive(async () => {
      const p = (await this.#d.outbox.list()).find((x) => x.id === id)
      if (!p || p.state !== 'waiting' || p.request || p.payToken) return
      const changed = { ...p, ...fields }
      await this.#d.outbox.patch(id, { ...fields, ...(await this.plan(changed)) })
    })
    await this.tick()
  }
}
