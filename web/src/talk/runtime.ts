import type { Me } from '../../../shared/src/api/index.js'
import { aliasName } from '../../../shared/src/talk/alias.js'
import type { TokenWallet } from '../../../shared/src/talk/wallet.js'
import { directoryRefreshInterval, directoryStartDelay, retryDelay } from './delays.js'
import { Draws } from './draws.js'
import { checkComposeInput } from './compose-checks.js'
import { Drafts, type Draft } from './drafts.js'
import { KeysPausedError, NoVoiceError } from './errors.js'
import type { IdbStore } from './idb.js'
import { IdentityStore } from './identity.js'
import { KeyChecks } from './key-checks.js'
import { draftImageItemId, isPostItem, isReactionItem, isRecordItem, Outbox, outboxImageRefs, type ComposeInput, type OutboxEntry, type OutboxItem, type RecordItem } from './outbox.js'
import { changeItem, postItem, shownInList, shownInThread, type OwnPost, type ReactionTarget } from './outbox-items.js'
import { QuietPeriods } from './quiet.js'
import { Reactions } from './reactions.js'
import { recordAllowance, type AllowanceFacts } from './record-allowance.js'
import { RecordBook } from './record-book.js'
import { ownHelpful } from './record-items.js'
import { RecordQueue } from './record-queue.js'
import type { RecordAllowance, RecordInput, RecordKind } from './records.js'
import { IDLE_SNAPSHOT, type ScopeTokens, type TalkSnapshot } from './snapshot.js'
import { Sender } from './sender.js'
import { openTalkStore } from './store-open.js'
import { ThreadReader } from './thread-reader.js'
import { TimingMarks } from './timing-marks.js'
import { Timer } from './timer.js'
import { migrateOldWallet, openWallet } from './token-wallet.js'
import { findVoice, nullVoice, payingVoice, scopeId, scopeOfVoice, voicesFor, type DirectoryEntry, type Voice } from './voices.js'
import { ownReactions, ownReports, VoteQueue, type AnswerInput, type ReportInput, type VoteInput } from './vote-queue.js'
import { sendAppeal, type AppealOutcome } from './appeals.js'
import { WorkerBlinder } from './worker-blinder.js'
import { YearlyDraws } from './yearly-draws.js'

export type { RecordItem } from './outbox.js'
export type { OwnPost, ReactionTarget } from './outbox-items.js'
export type { MyHelpful, RecordAllowance, RecordInput, RecordKind } from './records.js'
export type { MyAnswer, MyReport, MyVote, TalkSnapshot } from './snapshot.js'
export type { AnswerInput, ReportInput, VoteInput } from './vote-queue.js'
export type { AppealOutcome } from './appeals.js'

/**
 * Work Talk's anonymity runtime for one verified account in this browser: key checks, the token
 * wallet and its draws, the outbox of anonymous writes, quiet periods, pseudonym keys and drafts
 * (DESIGN §2, §3). Every anonymous request goes out through anonymousApi (no cookie); only the
 * draw uses the session, at moments that have nothing to do with posting.
 */
export class TalkRuntime {
  readonly store: IdbStore
  readonly identity: IdentityStore
  readonly drafts: Drafts
  readonly reader: ThreadReader
  readonly #keys: KeyChecks
  readonly #quiet: QuietPeriods
  readonly #outbox: Outbox
  readonly #reactions: Reactions
  readonly #marks: TimingMarks
  readonly #wallet: TokenWallet
  readonly #blinder = new WorkerBlinder()
  readonly #draws: Draws
  readonly #sender: Sender
  readonly #votes: VoteQueue
  /** Which yearly keys (review, salary, interview) were drawn: the draws note them, recordAllowance reads them. */
  readonly #yearly: YearlyDraws
  /** Records written and helpful marks stored from here, and tokens of refused records. */
  readonly #book: RecordBook
  readonly #records: RecordQueue
  /**
   * Refs never collected while this tab runs: images picked here for a draft (keepDraftImages),
   * and a post's images until its item is in the outbox. Held before the images are written, so a
   * collection already under way (the one at start, say) cannot see them unheld.
   */
  readonly #heldRefs = new Set<string>()
  readonly #refresh = new Timer(() => void this.#refreshKeys())
  /** Re-renders when the first young token comes of age (the composer's "from about …" changes). */
  readonly #ripen = new Timer(() => void this.#refreshTokens())
  #refreshEvery = directoryRefreshInterval()
  #me: Me
  #snapshot: TalkSnapshot = IDLE_SNAPSHOT
  readonly #listeners = new Set<() => void>()
  #stopped = false
  readonly #onVisible = () => {
    if (document.visibilityState === 'visible') void this.#onReturn()
  }

  /** Opens the account's store (moving one left under an older name) and makes the runtime; call start() next. */
  static async open(me: Me): Promise<TalkRuntime> {
    return new TalkRuntime(me, await openTalkStore(me.id))
  }

  private constructor(me: Me, store: IdbStore) {
    this.#me = me
    this.store = store
    this.identity = new IdentityStore(store)
    this.drafts = new Drafts(store)
    this.#keys = new KeyChecks(store)
    this.#quiet = new QuietPeriods(store)
    this.#outbox = new Outbox(store)
    this.#reactions = new Reactions(store)
    this.#marks = new TimingMarks(store)
    this.#wallet = openWallet(store, this.#blinder)
    this.#yearly = new YearlyDraws(store)
    this.#book = new RecordBook(store, this.#wallet)
    this.reader = new ThreadReader(this.#quiet)
    // "Forget Work Talk on this device" in any tab: nothing of this account may stay or come back.
    store.onGone = () => {
      this.stop()
      this.identity.forget()
    }
    this.#draws = new Draws({
      store,
      wallet: this.#wallet,
      me: () => this.#me,
      keys: () => this.#keys.state,
      paused: () => this.#snapshot.paused !== null,
      // A new epoch whose keys the directory held does not list yet; asked again at most every half hour.
      needDirectory: () => {
        if (Date.now() - this.#keys.state.fetchedAt > 30 * 60_000) this.#refresh.setEarlier(directoryStartDelay(true))
      },
      // Not the outbox (it drops a write once its thread is read again): a record kept for good.
      marks: this.#marks,
      yearly: this.#yearly,
      onChange: (status, nextAt) => {
        this.#set({ draw: { status, nextAt } })
        if (status !== 'drawing') this.#blinder.dispose()
        if (status === 'done' || status === 'scheduled') void this.#afterDraw()
      },
    })
    this.#sender = new Sender({
      outbox: this.#outbox,
      wallet: this.#wallet,
      identity: this.identity,
      quiet: this.#quiet,
      drafts: this.drafts,
      timing: () => {
        const d = this.#keys.state.directory
        return d ? { minTokenAgeS: d.minTokenAgeS, mixWindowS: d.mixWindowS } : null
      },
      paused: () => this.#snapshot.paused !== null,
      scopeFor: (item) => {
        const v = payingVoice(item, this.#snapshot.voices, this.#snapshot.shared)
        return v ? scopeOfVoice(v) : null
      },
      marks: this.#marks,
      reactions: this.#reactions,
      records: this.#book,
      onChange: (items) => {
        this.#set({ ...this.#outboxFields(items), quiet: { ...this.#quiet.all } })
        void this.#refreshTokens()
      },
    })
    this.#votes = new VoteQueue({ outbox: this.#outbox, sender: this.#sender, reactions: this.#reactions, identity: this.identity, minTokenAgeS: () => this.#snapshot.minTokenAgeS })
    this.#records = new RecordQueue({
      outbox: this.#outbox,
      sender: this.#sender,
      book: this.#book,
      minTokenAgeS: () => this.#snapshot.minTokenAgeS,
      allowance: (input, outbox) => recordAllowance(input.kind, input.company, this.#allowanceFacts(outbox)),
    })
  }

  /**
   * The outbox as the snapshot shows it: posts apart from votes and answers, and this browser's own
   * votes and answers; company records, and this browser's helpful marks.
   */
  #outboxFields(items: readonly OutboxEntry[]): Pick<TalkSnapshot, 'outbox' | 'reactions' | 'votes' | 'answers' | 'reports' | 'records' | 'helpful'> {
    return {
      outbox: items.filter(isPostItem),
      reactions: items.filter(isReactionItem),
      ...ownReactions(this.#reactions, items),
      reports: ownReports(this.#reactions, items),
      records: items.filter(isRecordItem),
      helpful: ownHelpful(this.#book.helpful, items),
    }
  }

  /** What recordAllowance looks at, from memory: the accepted directory, the yearly draws, the tokens held, the notes. */
  #allowanceFacts(outbox: readonly OutboxEntry[]): AllowanceFacts {
    return {
      me: this.#me,
      directory: this.#keys.state.directory?.keys ?? [],
      yearly: this.#yearly.state,
      held: (scope) => (this.#snapshot.tokens[scopeId(scope)]?.held ?? 0) + this.#book.kept(scope).length,
      written: (kind, company) => this.#book.written(kind, company),
      outbox,
      now: Date.now(),
    }
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
    return findVoice(this.#snapshot.voices, this.#snapshot.shared, id)
  }

  /** The key whose token would pay for this post: its `anonymitySet` is the real "one of ~N". */
  payingKey(post: { label: 'company' | 'alias'; voiceId: string; channel?: string | undefined }): DirectoryEntry | null {
    const v = payingVoice(post, this.#snapshot.voices, this.#snapshot.shared)
    if (!v) return null
    const next = this.#snapshot.tokens[v.id]?.nextKeyId
    return (next && this.#keys.state.seen[next]) || v.key
  }

  async start(): Promise<void> {
    document.addEventListener('visibilitychange', this.#onVisible)
    const state = await this.#keys.load()
    // In the snapshot before the phase says ready: pages that wait for it read the quiet periods then.
    this.#set({ quiet: { ...(await this.#quiet.load()) } })
    await this.#reactions.load().catch((e: unknown) => console.warn('Work Talk: your votes could not be read', e))
    await this.#loadRecords()
    await migrateOldWallet(this.store, this.#wallet).catch((e: unknown) => console.warn('Work Talk: old tokens could not be moved', e))
    await this.#seedMarks().catch((e: unknown) => console.warn('Work Talk: the last write could not be noted', e))
    this.#adoptDirectory()
    await this.#sender.recover()
    await this.#collectImages()
    await this.#draws.schedule()
    this.#refresh.set(directoryStartDelay(state.directory !== null))
  }

  /** What other tabs (or an earlier load) noted about records and yearly draws. */
  async #loadRecords(): Promise<void> {
    await this.#book.load().catch((e: unknown) => console.warn('Work Talk: your reviews and reports could not be read', e))
    await this.#yearly.load().catch((e: unknown) => console.warn('Work Talk: the yearly draws could not be read', e))
  }

  /** Data of versions before TimingMarks: the outbox's last write, if it still holds one, is the last write known. */
  async #seedMarks(): Promise<void> {
    if ((await this.#marks.lastAnonymousWriteAt()) !== null) return
    const last = (await this.#outbox.list()).reduce((max, p) => Math.max(max, p.since ?? -Infinity), -Infinity)
    if (last !== -Infinity) await this.#marks.noteWrite(last)
  }

  /** Stops everything and closes the database for good (before "forget Work Talk on this device"). */
  async shutdown(): Promise<void> {
    this.stop()
    await this.store.close()
  }

  stop(): void {
    this.#stopped = true
    this.#refresh.clear()
    this.#ripen.clear()
    this.#draws.stop()
    this.#sender.stop()
    this.#blinder.dispose()
    document.removeEventListener('visibilitychange', this.#onVisible)
  }

  /** The account changed: recompute the voices; a new verification draws its keys within two minutes. */
  setMe(me: Me): void {
    const had = new Set(this.#me.employments.map((e) => `${e.company.slug}|${e.status}`))
    this.#me = me
    this.#adoptDirectory()
    if (me.employments.some((e) => !had.has(`${e.company.slug}|${e.status}`))) this.#draws.newcomer()
  }

  /** Voices and timing from the directory this browser accepted last. */
  #adoptDirectory(): void {
    const { directory, failure } = this.#keys.state
    const keys = directory?.keys ?? []
    this.#set({
      phase: directory ? 'ready' : this.#snapshot.phase === 'failed' ? 'failed' : 'starting',
      paused: failure?.reason ?? null,
      voices: voicesFor(this.#me, keys),
      shared: nullVoice(this.#me, keys),
      minTokenAgeS: directory?.minTokenAgeS ?? 0,
      mixWindowS: directory?.mixWindowS ?? 0,
    })
  }

  async #refreshKeys(): Promise<void> {
    if (this.#stopped) return
    const result = await this.#keys.refresh().catch(() => 'unavailable' as const)
    if (this.#stopped) return
    this.#adoptDirectory()
    if (result === 'unavailable') {
      if (!this.#keys.state.directory) this.#set({ phase: 'failed' })
      this.#refresh.set(retryDelay())
      return
    }
    this.#refreshEvery = directoryRefreshInterval()
    this.#refresh.set(this.#refreshEvery)
    await this.#wallet.discardExpired().catch(() => 0)
    // Tokens of a merged company's retired keys pay for the survivor (the key log says which).
    const retired = new Map(Object.entries(this.#keys.state.retired ?? {}))
    await this.#wallet.retire(retired).catch(() => 0)
    await this.#book.retire(retired).catch(() => undefined)
    await this.#draws.schedule()
    await this.#sender.replan()
  }

  /** Back to this tab: other tabs may have drawn, sent or written; the directory is fetched at most every 1–6 h. */
  async #onReturn(): Promise<void> {
    await this.#quiet.load()
    await this.#reactions.load().catch(() => undefined)
    await this.#loadRecords()
    this.#set({ ...this.#outboxFields(await this.#outbox.list()), quiet: { ...this.#quiet.all } })
    await this.#refreshTokens()
    if (Date.now() - this.#keys.state.fetchedAt >= this.#refreshEvery) this.#refresh.setEarlier(directoryStartDelay(true))
  }

  async #afterDraw(): Promise<void> {
    await this.#refreshTokens()
    await this.#sender.replan()
  }

  async #refreshTokens(): Promise<void> {
    if (this.#stopped) return
    const minAge = this.#snapshot.minTokenAgeS * 1000
    const held = await this.#wallet.tokens().catch(() => [])
    const tokens: Record<string, ScopeTokens> = {}
    for (const t of held) {
      const id = scopeId(t)
      const s = (tokens[id] ??= { held: 0, readyAt: null, nextKeyId: t.keyId })
      s.held++
      s.readyAt = Math.min(s.readyAt ?? Infinity, t.drawnAt + minAge)
    }
    this.#set({ tokens })
    const next = Math.min(...Object.values(tokens).map((s) => (s.readyAt !== null && s.readyAt > Date.now() ? s.readyAt : Infinity)))
    if (next !== Infinity) this.#ripen.set(next - Date.now() + 500)
  }

  #assertUsable(): void {
    if (this.#snapshot.paused) throw new KeysPausedError()
  }

  /**
   * Puts a post into the outbox. It goes out at once when a token old enough is held (a refusal
   * then throws WriteRefusedError, the text still in the composer); otherwise it waits, and the
   * item says until when. Never fetches a token. Images (`input.images`) are kept in this browser
   * and uploaded with the post's token right before it goes out — so a post with images never
   * leaves while the composer waits: it goes from the outbox a moment later, and a refusal puts
   * its text (and images) back into the draft. Throws NoVoiceError, KeysPausedError, and
   * ComposeInputError for images or a poll the server would refuse.
   */
  async publish(input: ComposeInput, withinMinutes: number): Promise<OutboxItem> {
    this.#assertUsable()
    if (!payingVoice(input, this.#snapshot.voices, this.#snapshot.shared) || !this.voice(input.voiceId)) throw new NoVoiceError()
    const images = await checkComposeInput(input)
    const nonce = input.kind === 'thread' ? (input.nonce ?? this.identity.newNonce()) : undefined
    const item = postItem(input, withinMinutes, this.#snapshot.minTokenAgeS, nonce)
    if (!images.length) return this.#sender.enqueue(item)
    const held = outboxImageRefs(item.id, images.length)
    for (const r of held) this.#heldRefs.add(r)
    try {
      item.imageRefs = await this.#outbox.saveImages(item.id, images)
      return await this.#sender.enqueue(item)
    } finally {
      for (const r of held) this.#heldRefs.delete(r)
    }
  }

  /** An image this browser keeps for a post not stored yet (an item's `imageRefs`), to show it meanwhile. */
  image(ref: string): Promise<Blob | undefined> {
    return this.#outbox.image(ref)
  }

  /**
   * Keeps images just picked in a composer, so a reload or a crash does not lose them with the
   * draft: the refs go into the draft's `images` (the caller saves them there), and until then
   * they are kept from collection here.
   */
  async keepDraftImages(images: readonly Blob[]): Promise<string[]> {
    const itemId = draftImageItemId()
    for (const r of outboxImageRefs(itemId, images.length)) this.#heldRefs.add(r)
    return this.#outbox.saveImages(itemId, images)
  }

  /** The images a draft got back from a refused or taken-back post, to attach again (missing ones left out). */
  async draftImages(draft: Pick<Draft, 'images'>): Promise<Blob[]> {
    const blobs = await Promise.all((draft.images ?? []).map((r) => this.#outbox.image(r)))
    return blobs.filter((b): b is Blob => b !== undefined)
  }

  /** Images nothing refers to any more (a stored post's once its thread was read, a draft's sent again or cleared) are deleted. */
  async #collectImages(): Promise<void> {
    await this.#outbox.collectImages(await this.drafts.imageRefs(), this.#heldRefs).catch((e: unknown) => console.warn('Work Talk: old images could not be deleted', e))
  }

  /** This browser's vote on a post: 1, -1, 0 (withdrawn) or null (none) — the one stored, or a later one still on its way. */
  myVote(postId: string): 1 | -1 | 0 | null {
    return this.#snapshot.votes[postId]?.value ?? null
  }

  /** This browser's answer to a poll (the option's index), stored or on its way; null: none. */
  myAnswer(pollId: string): number | null {
    return this.#snapshot.answers[pollId]?.option ?? null
  }

  /**
   * Votes on a post, with this browser's key in its thread (DESIGN §3, §4): queued and sent like
   * any anonymous write (timing-policy.ts). A key's first vote on a post spends a `react` token
   * (it waits like a post when the only ones held are fresh, or right after a draw); a change or
   * a withdrawal (0) spends none. The same value as now does nothing. A vote not sent yet is
   * changed in place (and dropped when it comes back to what the server has). Never fetches a
   * token. Throws KeysPausedError; WriteRefusedError when it went out at once and was refused
   * (`own_post`: a key never votes on its own post).
   */
  async vote(input: VoteInput): Promise<void> {
    this.#assertUsable()
    await this.#votes.vote(input)
  }

  /**
   * Answers a poll with this browser's key in its thread: a `react` token, one answer per key,
   * final once it went out (an answer not sent yet may still be changed; the same option again
   * does nothing). Throws KeysPausedError; WriteRefusedError (`already_answered`, or a refusal
   * when it went out at once: `poll_closed`).
   */
  async answerPoll(input: AnswerInput): Promise<void> {
    this.#assertUsable()
    await this.#votes.answer(input)
  }

  /** This browser's report of a post (stored or on its way), or null: it may report it. */
  myReport(postId: string): TalkSnapshot['reports'][string] | null {
    return this.#snapshot.reports[postId] ?? null
  }

  /**
   * Reports a post (DESIGN §4), with this browser's key in its thread: queued, paid and timed
   * exactly like a key's first vote (a `react` token; timing-policy.ts decides when it goes out).
   * False when this browser reported the post already. Throws KeysPausedError; WriteRefusedError
   * when it went out at once and was refused (`own_post`).
   */
  async report(input: ReportInput): Promise<boolean> {
    this.#assertUsable()
    return this.#votes.report(input)
  }

  /**
   * Appeals a moderation decision on a post this browser's keys wrote (POST /talk/appeals):
   * signed with the post's own key, no token, no session; any device restored from the recovery
   * phrase can. The thread then stays quiet like after any anonymous write to it. Throws
   * NotMyPostError when no key here wrote the post, ApiError on a refusal.
   */
  async appeal(post: { id: string; authorKey: string }, target: ReactionTarget, body: string): Promise<AppealOutcome> {
    this.#assertUsable()
    const me = (await this.identity.identities(target.threadId, { openingKey: target.openingKey, openerNonce: target.openerNonce })).find((i) => i.publicKey === post.authorKey)
    return sendAppeal({ postId: post.id, seed: me?.seed, body, beforeSend: () => this.#quiet.note(target.threadId).then(() => this.#set({ quiet: { ...this.#quiet.all } })) })
  }

  /**
   * What this browser can do about one kind of record for one company now (records.ts
   * RecordAllowance; record-allowance.ts says how): `ready`, `waiting` (the planned batch brings
   * the token), `used` or `none`. Synchronous, from memory: the snapshot changes whenever its
   * answer may (tokens, draws, the outbox).
   */
  recordAllowance(kind: RecordKind, company: string): RecordAllowance {
    return recordAllowance(kind, company, this.#allowanceFacts([...this.#snapshot.records]))
  }

  /**
   * Puts a review, salary or interview report into the outbox (issue 10). Timed exactly like a new
   * post (timing-policy.ts): out at once when a token old enough is held and no draw was near;
   * minAge–4 × minAge after the draw when it can only pay with fresh tokens; held 6–30 h when
   * written soon after a draw; "publish sooner" / "later" (sendNow, sendLater) as for posts. With no
   * token yet it waits for the next planned batch: it never draws one. It spends one token of the
   * company's `review` / `salary` key or the null `interview` key (this year's first), unsigned —
   * POST /companies/{slug}/reviews|salaries|interviews — and is followed to `stored` like a post.
   * Throws KeysPausedError, NoVoiceError (no such key for this member), WriteRefusedError
   * (`already_written`; or the server's code when it went out at once and was refused — a form
   * error keeps its token for the next try).
   */
  async publishRecord(input: RecordInput): Promise<RecordItem> {
    this.#assertUsable()
    return this.#records.publish(input)
  }

  /**
   * Marks a review helpful (anonymous, one mark per member and review): a `react` token, signed with
   * this browser's key for that review (identity.scopeIdentity('review:' + id)), timed like a vote.
   * A review marked already (stored, or on its way) is left alone. Throws KeysPausedError;
   * WriteRefusedError when it went out at once and was refused.
   */
  async markHelpful(company: string, reviewId: string): Promise<void> {
    this.#assertUsable()
    await this.#records.markHelpful(company, reviewId)
  }

  /** Takes back a record not sent yet, to put it back into its form; undefined when it already went out. */
  async cancelRecord(id: string): Promise<RecordItem | undefined> {
    return this.#outbox.exclusive(async () => {
      const p = (await this.#outbox.list()).find((x) => x.id === id)
      if (!p || !isRecordItem(p) || p.request || p.state !== 'waiting') return undefined
      this.#set(this.#outboxFields(await this.#outbox.remove(id)))
      return p
    })
  }

  /** Edits a post this browser wrote, signed with the key that wrote it; shown locally as saving until re-read. */
  edit(post: OwnPost, title: string, body: string): Promise<OutboxItem> {
    return this.#change('edit', post, title, body)
  }

  remove(post: OwnPost): Promise<OutboxItem> {
    return this.#change('delete', post, '', '')
  }

  #change(kind: 'edit' | 'delete', post: OwnPost, title: string, body: string): Promise<OutboxItem> {
    this.#assertUsable()
    return this.#sender.enqueue(changeItem(kind, post, title, body))
  }

  /** "Publish now" (a scheduled post or vote) or, with `sooner`, "publish sooner" (a young token, or no hold after a draw: after the warning). */
  sendNow(id: string, sooner = false): Promise<void> {
    return this.#sender.sendNow(id, sooner)
  }

  /** "Publish later (safer)": a post waiting for its fresh tokens to age takes the long hold after the draw instead. */
  sendLater(id: string): Promise<void> {
    return this.#sender.sendLater(id)
  }

  /**
   * Takes back a post not sent yet; its text (and images, and poll) go back into its composer's
   * draft. Undefined when it already went out (or, with images, began to). Votes are taken back
   * with vote(…, 0).
   */
  async cancel(id: string): Promise<OutboxItem | undefined> {
    return this.#outbox.exclusive(async () => {
      const p = (await this.#outbox.list()).find((x) => x.id === id)
      if (!p || !isPostItem(p) || p.request || p.payToken || p.state !== 'waiting') return undefined
      await this.drafts.restore(p)
      this.#set(this.#outboxFields(await this.#outbox.remove(id)))
      return p
    })
  }

  /** Removes a failed item from the list (its text is in the draft already; a record's token, if kept, stays kept). */
  async dismiss(id: string): Promise<void> {
    this.#set(this.#outboxFields(await this.#outbox.remove(id)))
    await this.#collectImages()
  }

  /**
   * The thread was read: drop stored items it now shows (new posts by id; edits and deletions once
   * the post has their revision).
   */
  async seen(threadId: string, posts: readonly { id: string; revision: number }[]): Promise<void> {
    await this.#drop(shownInThread(threadId, posts))
  }

  /** The thread list shows these threads: our stored new threads among them need no local copy once their quiet period is over. */
  async listed(threadIds: readonly string[]): Promise<void> {
    await this.#drop(shownInList(threadIds, (id) => this.#quiet.until(id)))
  }

  async #drop(shown: (p: OutboxEntry) => boolean): Promise<void> {
    if (!this.#snapshot.outbox.some(shown) && !this.#snapshot.reactions.some(shown)) return
    // The draws' distance from our writes does not depend on these items: TimingMarks keeps the last write for good.
    this.#set(this.#outboxFields(await this.#outbox.drop(shown)))
    await this.#collectImages()
  }
}
