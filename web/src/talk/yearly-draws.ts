import { epochUsable } from '../../../shared/src/talk/wallet.js'
import type { DrawDone } from './draws.js'
import type { IdbStore } from './idb.js'

/**
 * Which yearly keys (`review`, `salary`, `interview`: record-keys.ts) this browser has drawn for
 * the account, by keyId. Kept apart from the week's draw plan, whose `done` starts empty every
 * ISO week: a yearly key is drawn once in its year — in the first batch that finds it listed —
 * and never again, whichever week it is. `quota` (another device of the account drew it) is done
 * too: the server would refuse again, and asking again would only be one more request. An entry
 * goes once its key's tokens can no longer be spent (their epoch and the next are over).
 *
 * @NOTE Anyone holding the device learns which companies' record keys this account drew; the same
 * store holds the account's verifications' keys and the pseudonym master secret, which say more.
 */
export interface YearlyDraw {
  done: DrawDone
  company: string | null
  purpose: string
  /** The key's year ("2026"). */
  epoch: string
  /** The ISO week it was noted in: `not_verified` holds for that week only (a verification may follow). */
  week: string
}
export type YearlyDrawState = Readonly<Record<string, YearlyDraw>>

export const YEARLY_DRAWS_KEY = 'draws-yearly'

function usable(state: YearlyDrawState | undefined, now: Date): Record<string, YearlyDraw> {
  const out: Record<string, YearlyDraw> = {}
  for (const [keyId, d] of Object.entries(state ?? {})) if (d && typeof d === 'object' && epochUsable(d.purpose, d.epoch, now)) out[keyId] = d
  return out
}

export class YearlyDraws {
  readonly #store: IdbStore
  #state: YearlyDrawState = {}

  constructor(store: IdbStore) {
    this.#store = store
  }

  /** What was loaded or noted last (recordAllowance reads it without waiting). */
  get state(): YearlyDrawState {
    return this.#state
  }

  /** Reads what this and other tabs noted. */
  async load(): Promise<YearlyDrawState> {
    this.#state = usable((await this.#store.get(YEARLY_DRAWS_KEY)) as YearlyDrawState | undefined, new Date())
    return this.#state
  }

  /** Whether a batch still has to draw this key (`week`: the current ISO week's epoch). */
  isDone(keyId: string, week: string): boolean {
    const d = this.#state[keyId]
    return !!d && (d.done !== 'not_verified' || d.week === week)
  }

  /** Notes a batch's outcomes for yearly keys (one transaction: another tab's notes are kept). */
  async record(entries: Readonly<Record<string, YearlyDraw>>): Promise<void> {
    if (!Object.keys(entries).length) return
    this.#state = await this.#store.update<Record<string, YearlyDraw>>(YEARLY_DRAWS_KEY, (v) => ({ ...usable(v, new Date()), ...entries }))
  }
}
