import { fromBase64url } from './base64url.js'
import { finalizeTokens, keyIdOfSpki, prepareTokenRequests, type Token } from './tokens.js'

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

/** The HTTP call POST /api/v1/talk/tokens, supplied by the app; returns blind signatures in order. */
export type FetchSignatures = (keyId: string, blindedMessages: string[]) => Promise<string[]>

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

/** The server accepts at most this many blinded messages per request (DESIGN §5). */
export const MAX_BATCH = 10
const STORE_NAME = 'watercooler/talk/tokens'

type Holdings = Record<string, Token[]>

export interface TokenWalletOptions {
  store: WalletStore
  fetchSignatures: FetchSignatures
  directory: KeyDirectory
}

/**
 * Holds finalised tokens per issuer key. Operations run one at a time (a promise queue) so a
 * `take` racing a `refill` can neither hand out one token twice nor lose one. Across browser
 * tabs the store itself must serialise (e.g. one IndexedDB transaction or a Web Lock).
 */
export class TokenWallet {
  readonly #store: WalletStore
  readonly #fetchSignatures: FetchSignatures
  #directory: KeyDirectory
  #queue: Promise<unknown> = Promise.resolve()

  constructor(options: TokenWalletOptions) {
    this.#store = options.store
    this.#fetchSignatures = options.fetchSignatures
    this.#directory = options.directory
  }

  /**
   * Fetches blind signatures in batches of at most MAX_BATCH until `target` tokens of this key are
   * held; returns the count. Stops early if a whole batch yields no valid token (a misbehaving
   * issuer must not make us loop), and lets a failing fetch (quota, network) throw after keeping
   * what earlier batches earned.
   */
  refill(keyId: string, target: number): Promise<number> {
    return this.#exclusive(async () => {
      const entry = await this.#verifiedEntry(keyId)
      let held = (await this.#load())[keyId]?.length ?? 0
      while (held < target) {
        const request = await prepareTokenRequests(entry.publicKey, Math.min(MAX_BATCH, target - held))
        const signatures = await this.#fetchSignatures(keyId, request.blindedMessages)
        const fresh = await finalizeTokens(request.state, signatures)
        if (!fresh.length) break
        const holdings = await this.#load()
        holdings[keyId] = [...(holdings[keyId] ?? []), ...fresh]
        await this.#store.set(STORE_NAME, holdings)
        held = holdings[keyId].length
      }
      return held
    })
  }

  /** Removes and returns one token of this key, or undefined when none is left. */
  take(keyId: string): Promise<Token | undefined> {
    return this.#exclusive(async () => {
      const holdings = await this.#load()
      const token = holdings[keyId]?.shift()
      if (token) await this.#store.set(STORE_NAME, holdings)
      return token
    })
  }

  count(keyId: string): Promise<number> {
    return this.#exclusive(async () => (await this.#load())[keyId]?.length ?? 0)
  }

  /**
   * Adopts a new directory and throws away tokens of keys it does not list (DESIGN §4: a token
   * from a key served to few clients would single its holder out). Returns how many were dropped.
   */
  discardUnknownKeys(directory: KeyDirectory): Promise<number> {
    return this.#exclusive(async () => {
      this.#directory = directory
      const known = new Set(directory.keys.map((k) => k.keyId))
      const holdings = await this.#load()
      let dropped = 0
      for (const keyId of Object.keys(holdings)) {
        if (known.has(keyId)) continue
        dropped += holdings[keyId]?.length ?? 0
        delete holdings[keyId]
      }
      if (dropped) await this.#store.set(STORE_NAME, holdings)
      return dropped
    })
  }

  /** The directory entry, after checking its keyId really is the hash of its public key. */
  async #verifiedEntry(keyId: string): Promise<KeyDirectoryEntry> {
    const entry = this.#directory.keys.find((k) => k.keyId === keyId)
    if (!entry) throw new UnknownIssuerKeyError(`key ${keyId} is not in the directory`)
    if ((await keyIdOfSpki(fromBase64url(entry.publicKey))) !== keyId) {
      throw new UnknownIssuerKeyError(`key ${keyId} does not match its public key`)
    }
    return entry
  }

  async #load(): Promise<Holdings> {
    const value = await this.#store.get(STORE_NAME)
    return value && typeof value === 'object' ? (value as Holdings) : {}
  }

  #exclusive<T>(work: () => Promise<T>): Promise<T> {
    // #queue never rejects (see below), so one failed operation does not block the next.
    const run = this.#queue.then(work)
    this.#queue = run.catch(() => undefined)
    return run
  }
}
