import type { Me } from '../../../shared/src/api/index.js'
import { TALK_TOKENS } from '../../../shared/src/api/limits.js'
import type { TokenWallet } from '../../../shared/src/talk/wallet.js'
import { isApiError } from '../api/client.js'
import { drawGapDelay, newcomerDrawDelay, overdueDrawDelay, plannedDrawDelay, randomBetween, retryDelay } from './delays.js'
import { talkEpoch } from './epochs.js'
import { withLock, type IdbStore } from './idb.js'
import type { KeyState } from './key-checks.js'
import { Timer } from './timer.js'
import { allowanceKeys } from './voices.js'

/**
 * When this browser draws tokens (DESIGN §2): once per epoch, the whole allowance of every key in
 * one batch, at a moment picked at random inside the epoch when the epoch is first seen — so the
 * moment has nothing to do with posting. Nothing a post does reaches this module. A newcomer
 * (this browser never drew for the account, or a new verification arrived) draws within two
 * minutes instead; a planned moment that passed while no tab was open becomes "some minutes
 * after this load". A draw never follows a directory fetch by less than a few minutes.
 */
export type DrawDone = 'drawn' | 'quota' | 'not_verified'
interface DrawRecord {
  plan: { epoch: string; at: number; done: Record<string, DrawDone> } | null
  /** This browser drew (or found the quota used) for the account at least once. */
  ever: boolean
}
const KEY = 'draws'
const NEWCOMER_MS = 2 * 60_000
/** Room left inside the newcomer's two minutes for the draw itself. */
const NEWCOMER_MARGIN_MS = 15_000

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
  /** When this browser last sent an anonymous write (null: never): a draw keeps its distance from it. */
  lastWriteAt: () => Promise<number | null>
  onChange: (status: DrawStatus, nextAt: number | null) => void
}

export class Draws {
  readonly #d: DrawDeps
  readonly #timer = new Timer(() => void this.#run())
  /** Until when a newcomer's draw must happen (null: not a newcomer). */
  #newcomerBy: number | null = null
  /** The directory fetched at this moment may be used for a draw from this moment on. */
  #gap: { fetchedAt: number; until: number } | null = null
  #stopped = false

  constructor(deps: DrawDeps) {
    this.#d = deps
  }

  stop(): void {
    this.#stopped = true
    this.#timer.clear()
  }

  /** A verification was added while the app ran: its keys are drawn within two minutes. */
  newcomer(): void {
    this.#newcomerBy = Date.now() + NEWCOMER_MS
    void this.schedule()
  }

  /** The epoch's plan (made now if this epoch is new) and the keys still to draw. */
  async #pending(): Promise<{ record: DrawRecord; keys: ReturnType<typeof allowanceKeys> } | null> {
    const directory = this.#d.keys().directory
    if (!directory || this.#d.paused()) return null
    const now = Date.now()
    const { epoch, start, end } = talkEpoch(new Date(now))
    const record = await this.#d.store.update<DrawRecord>(KEY, (v) => {
      const r: DrawRecord = { plan: v?.plan ?? null, ever: v?.ever ?? false }
      return r.plan?.epoch === epoch ? r : { ...r, plan: { epoch, at: randomBetween(start, end), done: {} } }
    })
    const all = allowanceKeys(this.#d.me(), directory.keys, epoch)
    const done = record.plan?.done ?? {}
    return { record, keys: { keys: all.keys.filter((k) => !done[k.keyId]), missing: all.missing } }
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
    if (!record.ever) this.#newcomerBy ??= now + NEWCOMER_MS
    let due: number
    if (this.#newcomerBy !== null) {
      const latest = this.#newcomerBy - NEWCOMER_MARGIN_MS
      due = now + newcomerDrawDelay(Math.max(0, latest - now))
      // Apart from the directory fetch as far as the two minutes allow.
      due = Math.max(due, Math.min(this.#usableFrom(), latest))
    } else {
      const at = record.plan!.at
      due = at <= now ? now + overdueDrawDelay() : now + plannedDrawDelay(at)
      due = Math.max(due, this.#usableFrom(), await this.#apartFromWrites(now))
    }
    this.#timer.set(due - now)
    this.#report('scheduled', due)
  }

  /**
   * Never in the minimum token age after one of this browser's anonymous writes (a draw that came
   * soon after a post would sit next to it in the server's records, as a "refill" would). Newcomers
   * have written nothing yet.
   */
  async #apartFromWrites(now: number): Promise<number> {
    const minAge = (this.#d.keys().directory?.minTokenAgeS ?? 0) * 1000
    const last = minAge ? await this.#d.lastWriteAt().catch(() => null) : null
    if (last === null || last + minAge <= now) return 0
    if (this.#apart?.write !== last) this.#apart = { write: last, until: last + randomBetween(minAge, 2 * minAge) }
    return this.#apart.until
  }
  #apart: { write: number; until: number } | null = null

  /** Never right after a directory fetch: a few minutes later at the earliest (one random gap per fetch). */
  #usableFrom(): number {
    const fetchedAt = this.#d.keys().fetchedAt
    if (this.#gap?.fetchedAt !== fetchedAt) this.#gap = { fetchedAt, until: fetchedAt + drawGapDelay() }
    return this.#gap.until
  }

  async #run(): Promise<void> {
    if (this.#stopped) return
    // A write went out since this draw was scheduled: keep apart from it (a newcomer has none).
    if (this.#newcomerBy === null && (await this.#apartFromWrites(Date.now())) > Date.now()) return this.schedule()
    this.#report('drawing', null)
    let failed = false
    try {
      failed = await withLock(`${this.#d.store.name}/draw`, () => this.#draw())
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

  /** Under the draw lock: another tab may have drawn while we waited for it, so look again first. */
  async #draw(): Promise<boolean> {
    const p = await this.#pending()
    if (!p || !p.keys.keys.length) return false
    const outcomes = await this.#d.wallet.drawAllowances(p.keys.keys.map((key) => ({ key, count: TALK_TOKENS.quota[key.purpose] })))
    const done: Record<string, DrawDone> = {}
    let failed = false
    for (const o of outcomes) {
      if (!o.error) done[o.key.keyId] = 'drawn'
      else if (isApiError(o.error) && o.error.code === 'quota_exceeded') done[o.key.keyId] = 'quota' // another device of this account drew
      else if (isApiError(o.error) && o.error.code === 'not_verified') done[o.key.keyId] = 'not_verified'
      else {
        failed = true
        console.warn('Work Talk: drawing tokens failed for a key', o.error)
      }
    }
    const epoch = p.record.plan!.epoch
    await this.#d.store.update<DrawRecord>(KEY, (v) => {
      const plan = v?.plan?.epoch === epoch ? v.plan : p.record.plan!
      return { plan: { ...plan, done: { ...plan.done, ...done } }, ever: (v?.ever ?? false) || Object.keys(done).length > 0 }
    })
    return failed
  }

  #report(status: DrawStatus, nextAt: number | null): void {
    if (!this.#stopped) this.#d.onChange(status, nextAt)
  }
}
