import { sha256 } from '@noble/hashes/sha2.js'
import { fromBase64url, toBase64url } from './base64url.js'
import { drawKey, inlineBlinder, MAX_DRAW, type Blinder, type FetchSignatures } from './draw.js'
import { previousEpochOf, PURPOSES, type Purpose } from './epochs.js'
import { keyIdOfSpki, type Token } from './tokens.js'

/** One entry of GET /api/v1/talk/keys. */
export interface KeyDirectoryEntry {
  keyId: string
  company: string | null
  purpose: string
  epoch: string
  publicKey: string
}
export interface KeyDirectory {
  keys: KeyDirectoryEntry[]
}

/** Where the wallet keeps its JSON (IndexedDB in the web app, memory in tests). */
export interface WalletStore {
  get(name: string): Promise<unknown>
  set(name: string, value: unknown): Promise<void>
}

export class MemoryStore implements WalletStore {
  readonly #data = new Map<string, string>()
  async get(name: string): Promise<unknown> {
    const json = this.#data.get(name)
    return json === undefined ? undefined : JSON.parse(json)
  }
  async set(name: string, value: unknown): Promise<void> {
    // Stored as JSON text so callers cannot mutate what was stored, as with a real store.
    this.#data.set(name, JSON.stringify(value))
  }
}

export class UnknownIssuerKeyError extends Error {
  override name = 'UnknownIssuerKeyError'
}

/** A token in the wallet, with what spending it needs to know: its key's scope and epoch, and when it was drawn. */
export interface HeldToken extends Token {
  company: string | null
  purpose: string
  epoch: string
  /** Milliseconds since 1970 when the draw that brought it finished. */
  drawnAt: number
}

/** Which tokens can pay for a post: those of one (company, purpose), whatever their epoch. */
export interface TokenScope {
  company: string | null
  purpose: string
}

/** Draw `count` tokens of `key` (its whole quota for the epoch, DESIGN §2). */
export interface Allowance {
  key: KeyDirectoryEntry
  count: number
}

/** What one key's draw brought: how many tokens, or the error its request failed with. */
export type DrawOutcome = { key: KeyDirectoryEntry; drawn: number; error?: undefined } | { key: KeyDirectoryEntry; drawn: 0; error: unknown }

/** A spent token, remembered by hash until its epoch is over, so it can never be held (and spent) again. */
interface SpentToken {
  hash: string
  purpose: string
  epoch: string
}
interface Contents {
  tokens: HeldToken[]
  spent: SpentToken[]
  /** When this wallet last received tokens (ms): writes keep their distance from it (lastDrawAt). */
  lastDraw?: number
}

/** One value holds tokens and the spent list together, so taking a token and recording it spent is one write. */
export const WALLET_STORE_NAME = 'watercooler/talk/wallet/v2'

/** SHA-256 of the prepared message, base64url: how the server and this wallet name a spent token. */
export function tokenHash(message: string): string {
  return toBase64url(sha256(fromBase64url(message)))
}

const isPurpose = (p: string): p is Purpose => (PURPOSES as readonly string[]).includes(p)

/**
 * A token is valid in its key's epoch and the next one (DESIGN §2), so at `now` it is usable when
 * its epoch is the previous one or later (a next-epoch key is listed on an epoch's last day).
 * Epoch strings ("2026-W07", "2026") are zero-padded and compare correctly as text.
 */
export function epochUsable(purpose: string, epoch: string, now: Date): boolean {
  const previous = isPurpose(purpose) ? previousEpochOf(purpose, now) : previousEpochOf('talk', now)
  return epoch >= previous
}

/** Oldest epoch first (it expires first), then oldest draw first. */
function spendingOrder(a: HeldToken, b: HeldToken): number {
  if (a.epoch !== b.epoch) return a.epoch < b.epoch ? -1 : 1
  return a.drawnAt - b.drawnAt
}

/** A held token as a company merge leaves it: a retired key's token speaks for the survivor (`retired`: keyId → survivor). */
export const afterRetirement = (t: HeldToken, retired: ReadonlyMap<string, string>): HeldToken => (retired.has(t.keyId) ? { ...t, company: retired.get(t.keyId)! } : t)

const inScope = (t: HeldToken, s: TokenScope) => t.company === s.company && t.purpose === s.purpose

export interface TokenWalletOptions {
  store: WalletStore
  /** POST /api/v1/talk/tokens. */
  fetchSignatures: FetchSignatures
  /** Where blinding and finalising run (a Web Worker in the browser); inline by default. */
  blinder?: Blinder
  /**
   * Wraps every read-modify-write of the store, to serialise it across browser tabs (a Web Lock).
   * Within one wallet instance operations are serialised anyway.
   */
  exclusive?: <T>(work: () => Promise<T>) => Promise<T>
  now?: () => number
}

/**
 * The token wallet of DESIGN §2. Tokens arrive only through drawAllowances — a whole epoch's
 * allowance at a moment the app chooses independently of posting — and leave through take, which
 * hands out the oldest-epoch token that is at least `minAgeMs` old and records its hash as spent
 * in the same write. Tokens whose hash is on the spent list are never held again, whatever a stale
 * copy of the store says, so one token cannot be spent twice from here.
 */
export class TokenWallet {
  readonly #store: WalletStore
  readonly #fetchSignatures: FetchSignatures
  readonly #blinder: Blinder
  readonly #lock: <T>(work: () => Promise<T>) => Promise<T>
  readonly #now: () => number
  #queue: Promise<unknown> = Promise.resolve()

  constructor(options: TokenWalletOptions) {
    this.#store = options.store
    this.#fetchSignatures = options.fetchSignatures
    this.#blinder = options.blinder ?? inlineBlinder
    this.#lock = options.exclusive ?? ((work) => work())
    this.#now = options.now ?? Date.now
  }

  /**
   * Draws each allowance in ONE request for its key, one key after the other. A failing key (quota
   * reached, network) does not stop the others; its error is in its outcome. Network work runs
   * outside the wallet's exclusive section, so taking a token never waits for a draw.
   */
  async drawAllowances(allowances: readonly Allowance[]): Promise<DrawOutcome[]> {
    const outcomes: DrawOutcome[] = []
    for (const { key, count } of allowances) {
      try {
        if (!Number.isInteger(count) || count < 1 || count > MAX_DRAW) throw new RangeError(`a draw is 1 to ${MAX_DRAW} tokens`)
        await assertKeyId(key)
        const fresh = await drawKey(key, count, this.#fetchSignatures, this.#blinder)
        const drawnAt = this.#now()
        const held = fresh.map((t): HeldToken => ({ ...t, company: key.company, purpose: key.purpose, epoch: key.epoch, drawnAt }))
        const added = await this.#exclusive(async () => {
          const c = await this.#load()
          const spent = new Set(c.spent.map((s) => s.hash))
          const have = new Set(c.tokens.map((t) => t.message))
          const fresh = held.filter((t) => !have.has(t.message) && !spent.has(tokenHash(t.message)))
          await this.#save({ ...c, tokens: [...c.tokens, ...fresh], lastDraw: Math.max(c.lastDraw ?? 0, drawnAt) })
          return fresh.length
        })
        outcomes.push({ key, drawn: added })
      } catch (error) {
        outcomes.push({ key, drawn: 0, error })
      }
    }
    return outcomes
  }

  /** Removes and returns the token to spend for this scope, recording it spent; undefined when none is old enough. */
  take(scope: TokenScope, minAgeMs: number): Promise<HeldToken | undefined> {
    return this.#exclusive(async () => {
      const now = this.#now()
      const c = await this.#load()
      const token = c.tokens
        .filter((t) => inScope(t, scope) && t.drawnAt + minAgeMs <= now && epochUsable(t.purpose, t.epoch, new Date(now)))
        .sort(spendingOrder)[0]
      if (!token) return undefined
      await this.#save({
        ...c,
        tokens: c.tokens.filter((t) => t.message !== token.message),
        spent: [...c.spent, { hash: tokenHash(token.message), purpose: token.purpose, epoch: token.epoch }],
      })
      return token
    })
  }

  /**
   * Tokens of keys retired by a company merge speak for the survivor (the key log's retirement
   * entries: retired keyId → survivor): they pay in the survivor's scope from now on. Returns how
   * many tokens moved.
   */
  retire(retired: ReadonlyMap<string, string>): Promise<number> {
    if (!retired.size) return Promise.resolve(0)
    return this.#exclusive(async () => {
      const c = await this.#load()
      const moving = c.tokens.filter((t) => retired.has(t.keyId) && t.company !== retired.get(t.keyId))
      if (!moving.length) return 0
      await this.#save({ ...c, tokens: c.tokens.map((t) => afterRetirement(t, retired)) })
      return moving.length
    })
  }

  /** The usable tokens (of one scope, or all), in spending order. */
  tokens(scope?: TokenScope): Promise<HeldToken[]> {
    return this.#exclusive(async () => {
      const now = new Date(this.#now())
      return (await this.#load()).tokens.filter((t) => (!scope || inScope(t, scope)) && epochUsable(t.purpose, t.epoch, now)).sort(spendingOrder)
    })
  }

  async count(scope: TokenScope): Promise<number> {
    return (await this.tokens(scope)).length
  }

  /** When the first token of this scope is (or was) `minAgeMs` old; null when the scope holds none. */
  async readyAt(scope: TokenScope, minAgeMs: number): Promise<number | null> {
    const held = await this.tokens(scope)
    return held.length ? Math.min(...held.map((t) => t.drawnAt)) + minAgeMs : null
  }

  /**
   * When this wallet last received tokens, or null. The app keeps anonymous writes at least the
   * minimum token age away from it — even a write paid with an older token — so that no write
   * sits next to this account's draw in the server's records (DESIGN §2, "issuance apart from posting").
   */
  lastDrawAt(): Promise<number | null> {
    return this.#exclusive(async () => (await this.#load()).lastDraw ?? null)
  }

  /** Records a token as spent (and drops it if held): the server refused it as spent by another write. */
  markSpent(token: Pick<HeldToken, 'message' | 'purpose' | 'epoch'>): Promise<void> {
    return this.#exclusive(async () => {
      const c = await this.#load()
      const hash = tokenHash(token.message)
      const spent = c.spent.some((s) => s.hash === hash) ? c.spent : [...c.spent, { hash, purpose: token.purpose, epoch: token.epoch }]
      await this.#save({ ...c, tokens: c.tokens.filter((t) => t.message !== token.message), spent })
    })
  }

  isSpent(message: string): Promise<boolean> {
    return this.#exclusive(async () => {
      const hash = tokenHash(message)
      return (await this.#load()).spent.some((s) => s.hash === hash)
    })
  }

  /** Throws away tokens, and forgets spent hashes, of epochs that are over. Returns how many tokens went. */
  discardExpired(now = new Date(this.#now())): Promise<number> {
    return this.#exclusive(async () => {
      const c = await this.#load()
      const tokens = c.tokens.filter((t) => epochUsable(t.purpose, t.epoch, now))
      const spent = c.spent.filter((s) => epochUsable(s.purpose, s.epoch, now))
      if (tokens.length !== c.tokens.length || spent.length !== c.spent.length) await this.#save({ ...c, tokens, spent })
      return c.tokens.length - tokens.length
    })
  }

  /** Throws away every token of one key (the server no longer accepts it). Returns how many went. */
  discardKey(keyId: string): Promise<number> {
    return this.#exclusive(async () => {
      const c = await this.#load()
      const tokens = c.tokens.filter((t) => t.keyId !== keyId)
      if (tokens.length !== c.tokens.length) await this.#save({ ...c, tokens })
      return c.tokens.length - tokens.length
    })
  }

  /** Adds tokens from an earlier store format; spent ones are refused as always. */
  adopt(tokens: readonly HeldToken[]): Promise<number> {
    return this.#exclusive(async () => {
      const c = await this.#load()
      const spent = new Set(c.spent.map((s) => s.hash))
      const have = new Set(c.tokens.map((t) => t.message))
      const fresh = tokens.filter((t) => !have.has(t.message) && !spent.has(tokenHash(t.message)))
      if (fresh.length) await this.#save({ ...c, tokens: [...c.tokens, ...fresh] })
      return fresh.length
    })
  }

  async #load(): Promise<Contents> {
    const v = (await this.#store.get(WALLET_STORE_NAME)) as Partial<Contents> | undefined
    const spentList = Array.isArray(v?.spent) ? v.spent : []
    const spent = new Set(spentList.map((s) => s.hash))
    // The spent list wins over the token list: a token that is both was spent, whatever wrote it back.
    const tokens = (Array.isArray(v?.tokens) ? v.tokens : []).filter((t) => !spent.has(tokenHash(t.message)))
    return { tokens, spent: spentList, ...(typeof v?.lastDraw === 'number' && { lastDraw: v.lastDraw }) }
  }

  #save(c: Contents): Promise<void> {
    return this.#store.set(WALLET_STORE_NAME, c)
  }

  #exclusive<T>(work: () => Promise<T>): Promise<T> {
    // #queue never rejects (see below), so one failed operation does not block the next.
    const run = this.#queue.then(() => this.#lock(work))
    this.#queue = run.catch(() => undefined)
    return run
  }
}

/** A directory entry is used only if its keyId really is the hash of its public key. */
async function assertKeyId(key: KeyDirectoryEntry): Promise<void> {
  let actual: string
  try {
    actual = await keyIdOfSpki(fromBase64url(key.publicKey))
  } catch {
    throw new UnknownIssuerKeyError(`key ${key.keyId} has a malformed public key`)
  }
  if (actual !== key.keyId) throw new UnknownIssuerKeyError(`key ${key.keyId} does not match its public key`)
}
