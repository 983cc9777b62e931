import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js'
import type { WalletStore } from '../../../shared/src/talk/index.js'

/**
 * Work Talk's local storage: one IndexedDB database per account on this browser, with one object
 * store of JSON values under string names. It holds the token wallet, the pseudonym master secret,
 * the thread nonces of threads opened here, drafts and scheduled posts.
 *
 * The database name carries a hash of the account id so two people sharing a browser never share a
 * wallet. The hash never leaves the browser; it only keeps the raw id out of the list of databases.
 */

const STORE = 'kv'
const VERSION = 1

export function databaseNameFor(accountId: string): string {
  return 'wc-talk-' + bytesToHex(sha256(utf8ToBytes('watercooler/talk/db/' + accountId))).slice(0, 32)
}

function promised<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result)
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'))
  })
}

function openDatabase(name: string): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(name, VERSION)
    req.onupgradeneeded = () => {
      if (!req.result.objectStoreNames.contains(STORE)) req.result.createObjectStore(STORE)
    }
    req.onsuccess = () => {
      const db = req.result
      // Another tab deleting or upgrading the database: let it, we reopen on next use.
      db.onversionchange = () => db.close()
      resolve(db)
    }
    req.onerror = () => reject(req.error ?? new Error('IndexedDB could not be opened'))
    req.onblocked = () => reject(new Error('IndexedDB is blocked by another tab'))
  })
}

/**
 * Values are stored as JSON text (as the library's MemoryStore does), so what callers read back
 * is always a fresh copy and only plain JSON ever reaches the disk.
 */
export class IdbStore implements WalletStore {
  readonly name: string
  #db: Promise<IDBDatabase> | null = null

  constructor(name: string) {
    this.name = name
  }

  #open(): Promise<IDBDatabase> {
    this.#db ??= openDatabase(this.name).catch((e: unknown) => {
      this.#db = null
      throw e
    })
    return this.#db
  }

  async get(name: string): Promise<unknown> {
    const db = await this.#open()
    const text = await promised(db.transaction(STORE, 'readonly').objectStore(STORE).get(name))
    return typeof text === 'string' ? JSON.parse(text) : undefined
  }

  async set(name: string, value: unknown): Promise<void> {
    const db = await this.#open()
    const tx = db.transaction(STORE, 'readwrite')
    const finished = done(tx)
    tx.objectStore(STORE).put(JSON.stringify(value), name)
    await finished
  }

  async remove(name: string): Promise<void> {
    const db = await this.#open()
    const tx = db.transaction(STORE, 'readwrite')
    const finished = done(tx)
    tx.objectStore(STORE).delete(name)
    await finished
  }

  /**
   * Read-modify-write in one IndexedDB transaction, so two tabs updating the same value cannot
   * lose each other's change. `change` must be synchronous (a transaction closes at the first await).
   */
  async update<T>(name: string, change: (current: T | undefined) => T): Promise<T> {
    const db = await this.#open()
    const tx = db.transaction(STORE, 'readwrite')
    const finished = done(tx)
    finished.catch(() => undefined) // awaited below; an abort is reported through `next` first
    const store = tx.objectStore(STORE)
    const next = await new Promise<T>((resolve, reject) => {
      const req = store.get(name)
      req.onerror = () => reject(req.error ?? new Error('IndexedDB read failed'))
      req.onsuccess = () => {
        try {
          const current = typeof req.result === 'string' ? (JSON.parse(req.result) as T) : undefined
          const value = change(current)
          store.put(JSON.stringify(value), name)
          resolve(value)
        } catch (e) {
          tx.abort()
          reject(e instanceof Error ? e : new Error(String(e)))
        }
      }
    })
    await finished
    return next
  }
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve()
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'))
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'))
  })
}

/**
 * Runs `work` while holding a lock shared by all tabs of this origin (Web Locks), so two tabs
 * cannot take the same token or refill at once. Browsers without Web Locks just run it.
 */
export async function withLock<T>(name: string, work: () => Promise<T>): Promise<T> {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined
  if (!locks) return work()
  return locks.request(name, work) as Promise<T>
}

/** Like withLock, but gives up (returns null) when another tab holds the lock. */
export async function tryWithLock<T>(name: string, work: () => Promise<T>): Promise<T | null> {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined
  if (!locks) return work()
  return locks.request(name, { ifAvailable: true }, async (lock) => (lock ? work() : null)) as Promise<T | null>
}
