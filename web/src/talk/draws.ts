import type { Me } from '../../../shared/src/api/index.js'
import { TALK_TOKENS } from '../../../shared/src/api/limits.js'
import type { TokenWallet } from '../../../shared/src/talk/wallet.js'
import { isApiError } from '../api/client.js'
import { drawHookMs, gapHookMs, randomBetween, retryDelay } from './delays.js'
import { talkEpoch } from './epochs.js'
import { withLock, type IdbStore } from './idb.js'
import type { KeyState } from './key-checks.js'
import { isYearlyPurpose, yearlyAllowanceKeys } from './record-keys.js'
import type { TimingMarks } from './timing-marks.js'
import { newcomerDeadline, pickPlannedDraw, planDraw, type DrawChoices, type DrawPlan } from './timing-policy.js'
import { Timer } from './timer.js'
import { allowanceKeys } from './voices.js'
import { YearlyDraws, type YearlyDraw } from './yearly-draws.js'

/**
 * When this browser draws tokens (DESIGN §2): once per epoch, the whole allowance of every key in
 * one batch — every voice's key, the null key, and the null `react` key that pays for votes and
 * poll answers (voices.ts allowanceKeys) — and, in the same batch, every yearly key not drawn yet
 * in its year (record-keys.ts yearlyAllowanceKeys: the `review` and `salary` keys of each company
 * the member works or worked at, the null `interview` key), whole quota, whether or not a record
 * will ever be written: a client draws its yearly tokens in its first batch of the year, so
 * drawing says nothing. Their done-state lives in yearly-draws.ts, not in the week's plan (which
 * starts empty every week). A vote, answer or record never makes a draw: with no token it waits
 * for the next batch, like a post. The moment itself is decided by timing-policy.ts (planDraw): the epoch's planned
 * random moment, or some minutes into the next visit when no tab was open then; never right
 * after a directory fetch, never within one to two minimum token ages after this browser's last
 * anonymous write (read from TimingMarks, which the outbox's pruning does not touch); a newcomer
 * that never wrote within two minutes. This module only keeps the state and the timer.
 */
export type DrawDone = 'drawn' | 'quota' | 'not_verified'
interface DrawRecord {
  plan: { epoch: string; at: number; done: Record<string, DrawDone> } | null
  /** This browser drew (or found the quota used) for the account at least once. */
  ever: boolean
  /** The draw's distance from the last write, picked once per write (kept across loads). */
  apart?: { writeAt: number; until: number } | undefined
}
const KEY = 'draws'
/** A timer firing this much early still counts as on time. */
const EARLY_MS = 1000

export type DrawStatus = 'waiting' | 'scheduled' | 'drawing' | 'done' | 'failed'

export interface DrawDeps {
  store: IdbStore
  wallet: TokenWallet
  me: () => Me
  keys: () => KeyState
  /** Work Talk is paused (a key check failed): draw nothing. */
  paused: () => boolean
  /** The directory lacks this epoch's keys: fetch it (later, at random). */
  needDirectory: () => void
  /** When this browser last sent an anonymous write (never pruned), and where a draw notes its start. */
  marks: TimingMarks
  /** Which yearly keys were drawn (absent: kept in `store` all the same, read by nobody else). */
  yearly?: YearlyDraws | undefined
  onChange: (status: DrawStatus, nextAt: number | null) => void
}

export class Draws {
  readonly #d: DrawDeps
  readonly #timer = new Timer(() => void this.#run())
  readonly #yearly: YearlyDraws
  /** Until when a newcomer's draw must happen (null: not a newcomer). */
  #newcomerBy: number | null = null
  /** The policy's random choices so far (the `apart` one is kept in the record too). */
  #choices: DrawChoices = {}
  #stopped = false

  constructor(deps: DrawDeps) {
    this.#d = deps
    this.#yearly = deps.yearly ?? new YearlyDraws(deps.store)
  }

  stop(): void {
    this.#stopped = true
    this.#timer.clear()
  }

  /** A verification was added while the app ran: its keys are drawn within two minutes (unless this browser wrote: then apart from it). */
  newcomer(): void {
    this.#newcomerBy = newcomerDeadline(Date.now())
    void this.schedule()
  }

  /** The epoch's plan (made now if this epoch is new) and the keys still to draw. */
  async #pending(): Promise<{ record: DrawRecord; keys: ReturnType<typeof allowanceKeys> } | null> {
    const directory = this.#d.keys().directory
    if (!directory || this.#d.paused()) return null
    const now = Date.now()
    const { epoch, start, end } = talkEpoch(new Date(now))
    const record = await this.#d.store.update<DrawRecord>(KEY, (v) => {
      const r: DrawRecord = { plan: v?.plan ?? null, ever: v?.ever ?? false, apart: v?.apart }
      return r.plan?.epoch === epoch ? r : { ...r, plan: { epoch, at: pickPlannedDraw(start, end, randomBetween), done: {} } }
    })
    const all = allowanceKeys(this.#d.me(), directory.keys, epoch)
    const done = record.plan?.done ?? {}
    // Yearly keys join whichever batch comes first in their year (never a draw of their own making:
    // they only add to the list the policy's moment draws).
    await this.#yearly.load()
    const yearly = yearlyAllowanceKeys(this.#d.me(), directory.keys, new Date(now)).filter((k) => !this.#yearly.isDone(k.keyId, epoch))
    return { record, keys: { keys: [...all.keys.filter((k) => !done[k.keyId]), ...yearly], missing: all.missing } }
  }

  /** The policy's answer for now; keeps its random choices (the write distance in the record, for later loads). */
  async #decide(record: DrawRecord, now: number): Promise<DrawPlan> {
    const state = this.#d.keys()
    const plan = planDraw(
      {
        now,
        minTokenAgeMs: (state.directory?.minTokenAgeS ?? 0) * 1000,
        plannedAt: record.plan!.at,
        newcomerBy: this.#newcomerBy,
        directoryFetchedAt: state.fetchedAt,
        lastAnonymousWriteAt: await this.#d.marks.lastAnonymousWriteAt(),
        choices: { ...this.#choices, apart: this.#choices.apart ?? record.apart },
        hooks: { drawMs: drawHookMs(), gapMs: gapHookMs() },
      },
      randomBetween,
    )
    this.#choices = plan.choices
    const apart = plan.choices.apart
    if (apart && (apart.writeAt !== record.apart?.writeAt || apart.until !== record.apart?.until)) {
      await this.#d.store.update<DrawRecord>(KEY, (v) => ({ plan: v?.plan ?? record.plan, ever: v?.ever ?? record.ever, apart }))
    }
    return plan
  }

  /** Decides when the next draw happens and sets the timer. Call after start, a directory change, or a draw. */
  async schedule(): Promise<void> {
    if (this.#stopped) return
    const p = await this.#pending().catch(() => null)
    if (!p) return this.#report('waiting', null)
    const now = Date.now()
    const { record, keys } = p
    if (keys.missing) this.#d.needDirectory()
    if (!keys.keys.length) {
      this.#newcomerBy = null
      // Look again when the next epoch begins (and its plan is made).
      this.#timer.set(talkEpoch(new Date(now)).end - now + randomBetween(60_000, 600_000))
      return this.#report(keys.missing ? 'waiting' : 'done', null)
    }
    if (!record.ever) this.#newcomerBy ??= newcomerDeadline(now)
    const plan = await this.#decide(record, now).catch(() => null)
    if (!plan) return this.#report('waiting', null)
    this.#timer.set(plan.at - now)
    this.#report('scheduled', plan.at)
  }

  async #run(): Promise<void> {
    if (this.#stopped) return
    this.#report('drawing', null)
    let failed = false
    try {
      const outcome = await withLock(`${this.#d.store.name}/draw`, () => this.#draw())
      // Not yet after all (a write went out since this was scheduled): schedule again.
      if (outcome === 'later') return this.schedule()
      failed = outcome === 'failed'
    } catch (e) {
      console.warn('Work Talk: the token draw failed', e)
      failed = true
    }
    if (this.#stopped) return
    if (failed) {
      const wait = retryDelay()
      this.#timer.set(wait)
      return this.#report('failed', Date.now() + wait)
    }
    this.#newcomerBy = null
    await this.schedule()
  }

  /**
   * Under the draw lock: another tab may have drawn while we waited for it, so look again first;
   * then ask the policy once more (a write may have gone out since) and note the start under the
   * timing lock, so that no write decides in between.
   */
  async #draw(): Promise<'drawn' | 'failed' | 'later'> {
    const p = await this.#pending()
    if (!p || !p.keys.keys.length) return 'drawn'
    const go = await this.#d.marks.decide(async () => {
      const now = Date.now()
      if ((await this.#decide(p.record, now)).at > now + EARLY_MS) return false
      await this.#d.marks.noteDrawStart(now)
      return true
    })
    if (!go) return 'later'
    const outcomes = await this.#d.wallet.drawAllowances(p.keys.keys.map((key) => ({ key, count: TALK_TOKENS.quota[key.purpose] })))
    const epoch = p.record.plan!.epoch
    const done: Record<string, DrawDone> = {}
    const yearly: Record<string, YearlyDraw> = {}
    let failed = false
    for (const o of outcomes) {
      let d: DrawDone | null = null
      if (!o.error) d = 'drawn'
      else if (isApiError(o.error) && o.error.code === 'quota_exceeded') d = 'quota' // another device of this account drew
      else if (isApiError(o.error) && o.error.code === 'not_verified') d = 'not_verified'
      else {
        failed = true
        console.warn('Work Talk: drawing tokens failed for a key', o.error)
      }
      if (d && isYearlyPurpose(o.key.purpose)) yearly[o.key.keyId] = { done: d, company: o.key.company, purpose: o.key.purpose, epoch: o.key.epoch, week: epoch }
      else if (d) done[o.key.keyId] = d
    }
    await this.#yearly.record(yearly)
    const any = Object.keys(done).length + Object.keys(yearly).length > 0
    await this.#d.store.update<DrawRecord>(KEY, (v) => {
      const plan = v?.plan?.epoch === epoch ? v.plan : p.record.plan!
      return { plan: { ...plan, done: { ...plan.done, ...done } }, ever: (v?.ever ?? false) || any, apart: v?.apart }
    })
    return failed ? 'failed' : 'drawn'
  }

  #report(status: DrawStatus, nextAt: number | null): void {
    if (!this.#stopped) this.#d.onChange(status, nextAt)
  }
}
