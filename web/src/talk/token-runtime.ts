import { TokenWallet, type Token } from '../../../shared/src/talk/index.js'
import { talkApi } from '../api/talk.js'
import { epochStillValid } from './epochs.js'
import { tryWithLock, withLock, type IdbStore } from './idb.js'
import type { DirectoryEntry, Voice } from './voices.js'

/** Refill when a voice holds fewer than LOW tokens, up to TARGET (quota: 50 per key and week). */
export const LOW = 10
export const TARGET = 20

/** A key this browser saw in a directory, kept so its tokens outlive the key's listing. */
export interface KeyMeta extends DirectoryEntry {
  firstSeen: string
}
type KeyMetas = Record<string, KeyMeta>
const KEYS = 'keys'

/**
 * Token retention (DESIGN §2): a token is valid in its key's epoch and the next, but the directory
 * lists only the current epoch's key (and the next one on an epoch's last day). The library's
 * discardUnknownKeys drops tokens of unlisted keys, so we hand it every key *this browser saw
 * listed* whose epoch is the current or previous ISO week: last week's tokens stay spendable,
 * anything older (or never listed) is thrown away. Keys are matched to voices by (company, purpose).
 */
export class TokenRuntime {
  readonly #store: IdbStore
  readonly #lock: string
  #wallet: TokenWallet | null = null
  /**
   * A second wallet over the same store, for refills only. TokenWallet runs its operations one at a
   * time, so with a single instance a post made during a background fetch would wait for the fetch
   * and go out right after it — the very burst DESIGN §2 forbids. The cost: a take racing the
   * refill's final write can resurrect the taken token; spending it twice is refused by the server
   * (409 token_spent) and the post is retried with the next token.
   */
  #refiller: TokenWallet | null = null
  #metas: KeyMetas = {}

  constructor(store: IdbStore) {
    this.#store = store
    this.#lock = `${store.name}/wallet`
  }

  /** Adopts a freshly fetched directory; returns how many tokens were dropped. */
  async adopt(directory: DirectoryEntry[], now = new Date()): Promise<number> {
    const metas = await this.#store.update<KeyMetas>(KEYS, (current) => {
      const next: KeyMetas = { ...(current ?? {}) }
      for (const k of directory) next[k.keyId] = { ...k, firstSeen: next[k.keyId]?.firstSeen ?? now.toISOString() }
      const listed = new Set(directory.map((k) => k.keyId))
      for (const [id, meta] of Object.entries(next)) {
        if (!listed.has(id) && !epochStillValid(meta.epoch, now)) delete next[id]
      }
      return next
    })
    this.#metas = metas
    const keys = Object.values(metas)
    const options = {
      store: this.#store,
      directory: { keys },
      fetchSignatures: async (keyId: string, blinded: string[]) => (await talkApi.issueTokens(keyId, blinded)).blindSignatures,
    }
    this.#wallet = new TokenWallet(options)
    this.#refiller = new TokenWallet(options)
    return withLock(this.#lock, () => this.#wallet!.discardUnknownKeys({ keys }))
  }

  /** Held keys of a voice's scope, oldest epoch first (those expire first, so are spent first). */
  #keysOf(voice: Voice): string[] {
    return Object.values(this.#metas)
      .filter((m) => m.company === (voice.company?.slug ?? null) && m.purpose === voice.purpose)
      .sort((a, b) => (a.epoch < b.epoch ? -1 : a.epoch > b.epoch ? 1 : 0))
      .map((m) => m.keyId)
  }

  async count(voice: Voice): Promise<number> {
    const wallet = this.#wallet
    if (!wallet) return 0
    let n = 0
    for (const keyId of this.#keysOf(voice)) n += await wallet.count(keyId)
    return n
  }

  /** One token for a post in this voice, or undefined when the wallet is empty. Never fetches. */
  take(voice: Voice): Promise<Token | undefined> {
    const wallet = this.#wallet
    if (!wallet) return Promise.resolve(undefined)
    return withLock(this.#lock, async () => {
      for (const keyId of this.#keysOf(voice)) {
        const token = await wallet.take(keyId)
        if (token) return token
      }
      return undefined
    })
  }

  /** The server refused a token as invalid (expired key, say): forget every token of that key. */
  async forgetKey(keyId: string): Promise<void> {
    delete this.#metas[keyId]
    await this.#store.update<KeyMetas>(KEYS, (current) => {
      const next = { ...(current ?? {}) }
      delete next[keyId]
      return next
    })
    const keys = Object.values(this.#metas)
    const wallet = this.#wallet
    if (wallet) await withLock(this.#lock, () => wallet.discardUnknownKeys({ keys }))
    await this.#refiller?.discardUnknownKeys({ keys }) // only updates its directory copy
  }

  /**
   * Tops the voice up to TARGET from its current key. Skipped (null) while another tab refills.
   * Throws the API error (quota, not verified, network) after keeping what earlier batches earned.
   */
  async refill(voice: Voice): Promise<number | null> {
    const wallet = this.#refiller
    if (!wallet) return null
    return tryWithLock(`${this.#lock}/refill`, async () => {
      const total = await this.count(voice)
      if (total >= LOW) return total
      const onKey = await wallet.count(voice.key.keyId)
      await wallet.refill(voice.key.keyId, onKey + (TARGET - total))
      return this.count(voice)
    })
  }
}
