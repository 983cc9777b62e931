import { epochOf } from '../../../shared/src/talk/epochs.js'
import { afterRetirement, epochUsable, type HeldToken, type TokenScope, type TokenWallet } from '../../../shared/src/talk/wallet.js'
import type { IdbStore } from './idb.js'
import { isHelpfulItem, isRecordItem, type OutboxEntry } from './outbox.js'
import type { RecordKind } from './records.js'

/**
 * What this browser keeps about the account's company records beyond the outbox (which drops a
 * stored record after a day: there is no thread to read it back from), in the account's store:
 * - `written`: that a record of a kind about a company was written this year — so the page says
 *   "used" even while last year's token could still pay (one review a company and year);
 * - `helpful`: the reviews this browser marked helpful (the server cannot say whose marks are whose);
 * - `kept`: tokens of records the server refused for a form error. The server checks the fields
 *   before the token, so such a token is still unspent there; with a quota of one a year, losing it
 *   locally would bar the member from writing that record again this year. The next record of its
 *   scope spends it (nothing links that record to an account either; the refused one was not stored).
 *
 * Also the one place that picks the token a record spends (take): of this year first, else one of
 * last year that is still valid — then, on a year's last day, one of next year's.
 *
 * @NOTE Anyone holding the device learns which companies this account reviewed or reported on, and
 * which reviews it found helpful; the same store holds the pseudonym master secret, which tells more.
 */
interface Contents {
  /** `<kind>|<company>` → the year ("2026") a record of that kind about that company was last written here. */
  written: Record<string, string>
  /** Review id → marked helpful (stored). */
  helpful: Record<string, true>
  kept: HeldToken[]
}
export const RECORD_BOOK_KEY = 'records'

const empty = (): Contents => ({ written: {}, helpful: {}, kept: [] })
const yearOf = (at: number) => epochOf('review', new Date(at))
const inScope = (t: HeldToken, s: TokenScope) => t.company === s.company && t.purpose === s.purpose

function read(v: Partial<Contents> | undefined, now: number): Contents {
  const kept = Array.isArray(v?.kept) ? v.kept.filter((t) => epochUsable(t.purpose, t.epoch, new Date(now))) : []
  return { written: { ...(v?.written ?? {}) }, helpful: { ...(v?.helpful ?? {}) }, kept }
}

/** This year first, then last year's (it expires first of the rest), then next year's; oldest draw first. */
function recordSpendingOrder(year: string): (a: HeldToken, b: HeldToken) => number {
  const rank = (t: HeldToken) => (t.epoch === year ? 0 : t.epoch < year ? 1 : 2)
  return (a, b) => rank(a) - rank(b) || a.drawnAt - b.drawnAt
}

/** The token a signed record spent, whole (its signature is in the request), to keep; null when it never got one. */
export function tokenOfRecord(item: OutboxEntry, scope: TokenScope): HeldToken | null {
  const sent = (item.request?.body as { token?: { keyId?: unknown; message?: unknown; signature?: unknown } } | undefined)?.token
  const ref = item.token
  if (!isRecordItem(item) || !ref || typeof sent?.signature !== 'string' || sent.message !== ref.message || sent.keyId !== ref.keyId) return null
  return { keyId: ref.keyId, message: ref.message, signature: sent.signature, company: scope.company, purpose: ref.purpose, epoch: ref.epoch, drawnAt: ref.drawnAt ?? 0 }
}

export class RecordBook {
  readonly #store: IdbStore
  readonly #wallet: TokenWallet
  #c: Contents = empty()

  constructor(store: IdbStore, wallet: TokenWallet) {
    this.#store = store
    this.#wallet = wallet
  }

  /** Reloads what other tabs noted. */
  async load(): Promise<void> {
    this.#c = read((await this.#store.get(RECORD_BOOK_KEY)) as Partial<Contents> | undefined, Date.now())
  }

  #update(change: (c: Contents) => Contents): Promise<void> {
    return this.#store.update<Contents>(RECORD_BOOK_KEY, (v) => change(read(v, Date.now()))).then((c) => void (this.#c = c))
  }

  /** Kept tokens of keys a merge retired pay for the survivor (as TokenWallet.retire). */
  async retire(retired: ReadonlyMap<string, string>): Promise<void> {
    if (!retired.size || !this.#c.kept.some((t) => retired.has(t.keyId))) return
    await this.#update((c) => ({ ...c, kept: c.kept.map((t) => afterRetirement(t, retired)) }))
  }

  /** Whether a record of this kind about this company was written from here this year. */
  written(kind: RecordKind, company: string, now = Date.now()): boolean {
    return this.#c.written[`${kind}|${company}`] === yearOf(now)
  }

  /** Reviews marked helpful from here (stored), by id. */
  get helpful(): Readonly<Record<string, true>> {
    return this.#c.helpful
  }

  /** Tokens kept from refused records that could pay in this scope now. */
  kept(scope: TokenScope, now = Date.now()): HeldToken[] {
    return this.#c.kept.filter((t) => inScope(t, scope) && epochUsable(t.purpose, t.epoch, new Date(now)))
  }

  /** Every token that could pay for a record of this scope (the timing policy looks at their draws). */
  async tokens(scope: TokenScope): Promise<HeldToken[]> {
    await this.load()
    return [...this.kept(scope), ...(await this.#wallet.tokens(scope))]
  }

  /**
   * Takes the token a record spends now, marking it spent (a kept one leaves `kept`; the wallet's
   * goes on its spent list): at least `minAgeMs` old, in recordSpendingOrder. Callers hold the
   * outbox lock (only the sender takes a record's token), so no other tab picks the same one.
   */
  async take(scope: TokenScope, minAgeMs: number): Promise<HeldToken | undefined> {
    const now = Date.now()
    const candidates = (await this.tokens(scope)).filter((t) => t.drawnAt + minAgeMs <= now).sort(recordSpendingOrder(yearOf(now)))
    const token = candidates[0]
    if (!token) return undefined
    if (this.#c.kept.some((t) => t.message === token.message)) await this.#update((c) => ({ ...c, kept: c.kept.filter((t) => t.message !== token.message) }))
    else await this.#wallet.markSpent(token)
    return token
  }

  /** A record refused for its fields: its token, still unspent on the server, pays for the next record of its scope. */
  async keep(token: HeldToken): Promise<void> {
    await this.#update((c) => (c.kept.some((t) => t.message === token.message) ? c : { ...c, kept: [...c.kept, token] }))
  }

  /** The server stored this record or helpful mark. */
  async stored(item: OutboxEntry): Promise<void> {
    if (isRecordItem(item)) await this.#update((c) => ({ ...c, written: { ...c.written, [`${item.kind}|${item.company}`]: yearOf(Date.now()) } }))
    else if (isHelpfulItem(item)) await this.#update((c) => ({ ...c, helpful: { ...c.helpful, [item.reviewId]: true } }))
  }
}
