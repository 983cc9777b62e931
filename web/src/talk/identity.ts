import {
  exportRecoveryPhrase,
  fromBase64url,
  importRecoveryPhrase,
  legacyOpenerKey,
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
 * Threads opened before DESIGN §3 named its own info string used legacyOpenerKey; both are
 * recognised. A thread also publishes its opener nonce, so a browser that restored the master
 * secret from the recovery phrase finds the threads it opened without any local record.
 */
const MASTER = 'master'
const OPENERS = 'openers'
/** Nonces used for threads whose id we never learned (the tab closed mid-send) are kept this many. */
const MAX_UNCLAIMED = 50

interface Openers {
  /** Earlier versions: thread → nonce of a legacy opener key. */
  byThread: Record<string, string>
  /** Earlier versions: legacy nonces sent before the thread id was known. */
  unclaimed: string[]
  /** Thread → nonce of an opener key, and which derivation it used. */
  opened: Record<string, { nonce: string; legacy: boolean }>
  /** Nonces (openerKey) of threads sent whose id is not known yet. */
  pending: string[]
}

export interface ThreadIdentity {
  publicKey: string
  seed: Uint8Array
  opener: boolean
}

/** What a thread shows about its opener: the opening post's key and the published nonce. */
export interface OpenerHints {
  openingKey?: string | undefined
  openerNonce?: string | null | undefined
}

const seedOf = (master: Uint8Array, nonce: string, legacy: boolean) => (legacy ? legacyOpenerKey(master, nonce) : openerKey(master, nonce))

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

  /** Drops the master secret from memory (the database holding it was deleted). */
  forget(): void {
    this.#master = null
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
    const o = (await this.#store.get(OPENERS)) as Partial<Openers> | undefined
    return { byThread: o?.byThread ?? {}, unclaimed: o?.unclaimed ?? [], opened: o?.opened ?? {}, pending: o?.pending ?? [] }
  }

  #updateOpeners(change: (o: Openers) => Openers): Promise<Openers> {
    return this.#store.update<Openers>(OPENERS, (o) =>
      change({ byThread: { ...(o?.byThread ?? {}) }, unclaimed: [...(o?.unclaimed ?? [])], opened: { ...(o?.opened ?? {}) }, pending: [...(o?.pending ?? [])] }),
    )
  }

  /** Before sending a new thread: remember its nonce, in case the answer never arrives. */
  async noteNonce(nonce: string): Promise<void> {
    await this.#updateOpeners((o) => ({ ...o, pending: [...o.pending.filter((n) => n !== nonce), nonce].slice(-MAX_UNCLAIMED) }))
  }

  /** After the server named the thread. */
  async claimNonce(threadId: string, nonce: string, legacy = false): Promise<void> {
    await this.#updateOpeners((o) => ({
      ...o,
      opened: { ...o.opened, [threadId]: { nonce, legacy } },
      pending: o.pending.filter((n) => n !== nonce),
      unclaimed: o.unclaimed.filter((n) => n !== nonce),
    }))
  }

  /** The opener key for a nonce (the composer shows its alias before sending). */
  async openerIdentity(nonce: string): Promise<ThreadIdentity> {
    const seed = openerKey(await this.master(), nonce)
    return { seed, publicKey: publicKeyOf(seed), opener: true }
  }

  /** Which nonce (and derivation) made this thread's opening key, if this browser's master did. */
  async #openerOf(master: Uint8Array, threadId: string, hints: OpenerHints): Promise<{ nonce: string; legacy: boolean } | null> {
    const o = await this.#openers()
    const recorded = o.opened[threadId] ?? (o.byThread[threadId] ? { nonce: o.byThread[threadId], legacy: true } : null)
    const { openingKey } = hints
    if (recorded && !openingKey) return recorded
    if (!openingKey) return null
    const matches = (nonce: string, legacy: boolean) => publicKeyOf(seedOf(master, nonce, legacy)) === openingKey
    const candidates: { nonce: string; legacy: boolean }[] = []
    if (recorded) candidates.push(recorded, { ...recorded, legacy: !recorded.legacy })
    if (hints.openerNonce) candidates.push({ nonce: hints.openerNonce, legacy: false }, { nonce: hints.openerNonce, legacy: true })
    for (const n of o.pending) candidates.push({ nonce: n, legacy: false })
    for (const n of o.unclaimed) candidates.push({ nonce: n, legacy: true })
    const found = candidates.find((c) => matches(c.nonce, c.legacy)) ?? null
    if (found && (found.nonce !== recorded?.nonce || found.legacy !== recorded.legacy || !o.opened[threadId])) {
      await this.claimNonce(threadId, found.nonce, found.legacy)
    }
    return found
  }

  /**
   * The keys this browser holds in a thread: the thread key, and the opener key if we opened it
   * (found through our records, the thread's published opener nonce, or nonces whose thread id we
   * never learned — and recorded now).
   */
  async identities(threadId: string, hints: OpenerHints = {}): Promise<ThreadIdentity[]> {
    const master = await this.master()
    const replySeed = threadKey(master, threadId)
    const out: ThreadIdentity[] = [{ seed: replySeed, publicKey: publicKeyOf(replySeed), opener: false }]
    const opener = await this.#openerOf(master, threadId, hints)
    if (opener) {
      const seed = seedOf(master, opener.nonce, opener.legacy)
      out.unshift({ seed, publicKey: publicKeyOf(seed), opener: true })
    }
    return out
  }

  /**
   * This browser's key for one thing that is not a thread, named by a scope string such as
   * `review:<id>` (a helpful mark on a review): derived exactly like a thread key, with the scope
   * in place of the thread id (threadKey(master, scope)), so it is as unlinkable to every other
   * key and comes back from the recovery phrase alone. Thread ids are UUIDs: a scope with a
   * prefix and a colon can never be one.
   */
  async scopeIdentity(scope: string): Promise<ThreadIdentity> {
    if (!/^[a-z]+:./.test(scope)) throw new RangeError('a scope is "<kind>:<id>"')
    const seed = threadKey(await this.master(), scope)
    return { seed, publicKey: publicKeyOf(seed), opener: false }
  }

  /** The key to post with in a thread: the opener's if we opened it, else the thread key. */
  async postingIdentity(threadId: string, hints: OpenerHints = {}): Promise<ThreadIdentity> {
    return (await this.identities(threadId, hints))[0]!
  }
}
