import {
  exportRecoveryPhrase,
  fromBase64url,
  importRecoveryPhrase,
  newMasterSecret,
  newThreadNonce,
  openerKey,
  publicKeyOf,
  threadKey,
  toBase64url,
} from '../../../shared/src/talk/index.js'
import { withLock, type IdbStore } from './idb.js'

/**
 * The pseudonym side of the local store (DESIGN §3): the 32-byte master secret and the nonces of
 * threads opened in this browser. A thread's key is threadKey(master, threadId), except in a
 * thread this browser opened, where it is openerKey(master, nonce) — so the opener keeps the OP tag.
 */
const MASTER = 'master'
const OPENERS = 'openers'
/** Nonces used for threads whose id we never learned (the tab closed mid-send) are kept this many. */
const MAX_UNCLAIMED = 50

interface Openers {
  byThread: Record<string, string>
  unclaimed: string[]
}

export interface ThreadIdentity {
  publicKey: string
  seed: Uint8Array
  opener: boolean
}

export class IdentityStore {
  readonly #store: IdbStore
  #master: Uint8Array | null = null

  constructor(store: IdbStore) {
    this.#store = store
  }

  /** The master secret, created on first use. Two tabs creating it at once agree on one (a lock). */
  async master(): Promise<Uint8Array> {
    if (this.#master) return this.#master
    this.#master = await withLock(`${this.#store.name}/master`, async () => {
      const saved = await this.#store.get(MASTER)
      if (typeof saved === 'string') return fromBase64url(saved)
      const fresh = newMasterSecret()
      await this.#store.set(MASTER, toBase64url(fresh))
      return fresh
    })
    return this.#master
  }

  async recoveryPhrase(): Promise<string> {
    return exportRecoveryPhrase(await this.master())
  }

  /** A fresh nonce for a thread the member starts writing (kept with its draft). */
  newNonce(): string {
    return newThreadNonce()
  }

  /** Whether a phrase is well-formed with a matching checksum, without using it. */
  isValidPhrase(phrase: string): boolean {
    try {
      importRecoveryPhrase(phrase)
      return true
    } catch {
      return false
    }
  }

  /** Replaces the master secret. Throws InvalidRecoveryPhraseError on a mistyped phrase. */
  async importPhrase(phrase: string): Promise<void> {
    const master = importRecoveryPhrase(phrase)
    await this.#store.set(MASTER, toBase64url(master))
    this.#master = master
  }

  async #openers(): Promise<Openers> {
    const o = (await this.#store.get(OPENERS)) as Openers | undefined
    return { byThread: o?.byThread ?? {}, unclaimed: o?.unclaimed ?? [] }
  }

  #updateOpeners(change: (o: Openers) => Openers): Promise<Openers> {
    return this.#store.update<Openers>(OPENERS, (o) => change({ byThread: { ...(o?.byThread ?? {}) }, unclaimed: [...(o?.unclaimed ?? [])] }))
  }

  /** Before sending a new thread: remember its nonce, in case the answer never arrives. */
  async noteNonce(nonce: string): Promise<void> {
    await this.#updateOpeners((o) => ({ ...o, unclaimed: [...o.unclaimed.filter((n) => n !== nonce), nonce].slice(-MAX_UNCLAIMED) }))
  }

  /** After the server created the thread. */
  async claimNonce(threadId: string, nonce: string): Promise<void> {
    await this.#updateOpeners((o) => ({ byThread: { ...o.byThread, [threadId]: nonce }, unclaimed: o.unclaimed.filter((n) => n !== nonce) }))
  }

  /** The opener key for a nonce (the composer shows its alias before sending). */
  async openerIdentity(nonce: string): Promise<ThreadIdentity> {
    const seed = openerKey(await this.master(), nonce)
    return { seed, publicKey: publicKeyOf(seed), opener: true }
  }

  /**
   * The keys this browser holds in a thread: the thread key, and the opener key if we opened it.
   * `openingKey` (the OP's public key, when known) lets us recognise a thread we opened whose id we
   * never recorded, and record it now.
   */
  async identities(threadId: string, openingKey?: string): Promise<ThreadIdentity[]> {
    const master = await this.master()
    const replySeed = threadKey(master, threadId)
    const out: ThreadIdentity[] = [{ seed: replySeed, publicKey: publicKeyOf(replySeed), opener: false }]
    const openers = await this.#openers()
    let nonce = openers.byThread[threadId]
    if (!nonce && openingKey) {
      nonce = openers.unclaimed.find((n) => publicKeyOf(openerKey(master, n)) === openingKey)
      if (nonce) await this.claimNonce(threadId, nonce)
    }
    if (nonce) {
      const seed = openerKey(master, nonce)
      out.unshift({ seed, publicKey: publicKeyOf(seed), opener: true })
    }
    return out
  }

  /** The key to post with in a thread: the opener's if we opened it, else the thread key. */
  async postingIdentity(threadId: string, openingKey?: string): Promise<ThreadIdentity> {
    return (await this.identities(threadId, openingKey))[0]!
  }
}
