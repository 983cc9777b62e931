import type { WalletStore } from '../../../shared/src/talk/index.js'

/**
 * Work Talk's local storage: one IndexedDB database per account on this browser (named by
 * db-name.ts), with one object store of JSON values under string names. It holds the token wallet,
 * the pseudonym master secret, the thread nonces of threads opened here, drafts and the outbox —
 * and, as Blobs under their own names (putBlob), the images of posts not sent yet.
 */

const STORE = 'kv'
const VERSION = 1

/** The database was deleted ("forget Work Talk on this device"): it must not be created again by a late write. */
export class StoreGoneError extends Error {
  override name = 'StoreGoneError'
}

function promised<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result)
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'))
  })
}

function openDatabase(name: string, onDeleted: () => void): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(name, VERSION)
    req.onupgradeneeded = () => {
      if (!req.result.objectStoreNames.contains(STORE)) req.result.createObjectStore(STORE)
    }
    req.onsuccess = () => {
      const db = req.result
      // Another tab deleting or upgrading the database: let it. After an upgrade we reopen on next
      // use; after a deletion (newVersion null) never, or a late draft save would recreate it.
      db.onversionchange = (e) => {
        db.close()
        if (e.newVersion === null) onDeleted()
      }
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
  #gone = false

  constructor(name: string) {
    this.name = name
  }

  #open(): Promise<IDBDatabase> {
    if (this.#gone) return Promise.reject(new StoreGoneError(`${this.name} was deleted`))
    this.#db ??= openDatabase(this.name, () => this.#markGone()).catch((e: unknown) => {
      this.#db = null
      throw e
    })
    return this.#db
  }

  /** Closed for good or deleted: nothing may be written for this account any more, not even a backup. */
  get gone(): boolean {
    return this.#gone
  }

  /** Told once when the database is deleted (by this tab or another): the runtime stops. */
  onGone: (() => void) | null = null

  #markGone(): void {
    if (!this.#gone) this.onGone?.()
    this.#gone = true
    this.#db = null
  }

  /** Closes the connection for good (before deleting the database): later calls throw StoreGoneError. */
  async close(): Promise<void> {
    const db = this.#db
    this.#markGone()
    ;(await db?.catch(() => null))?.close()
  }

  /** Every value, by name (for moving a database to a new name). */
  async entries(): Promise<[string, unknown][]> {
    const db = await this.#open()
    const store = db.transaction(STORE, 'readonly').objectStore(STORE)
    const [keys, values] = await Promise.all([promised(store.getAllKeys()), promised(store.getAll())])
    return keys.map((k, i) => [String(k), typeof values[i] === 'string' ? JSON.parse(values[i] as string) : values[i] instanceof Blob ? values[i] : undefined])
  }

  /** The names of every value (JSON or Blob) starting with `prefix`. */
  async keys(prefix = ''): Promise<string[]> {
    const db = await this.#open()
    const keys = await promised(db.transaction(STORE, 'readonly').objectStore(STORE).getAllKeys())
    return keys.map(String).filter((k) => k.startsWith(prefix))
  }

  /**
   * Stores a Blob as it is (IndexedDB keeps Blobs natively; JSON could not). Only a plain Blob of
   * the bytes and their type: a File's name (which may name a person or a place) is not kept.
   */
  async putBlob(name: string, blob: Blob): Promise<void> {
    const db = await this.#open()
    const tx = db.transaction(STORE, 'readwrite')
    const finished = done(tx)
    tx.objectStore(STORE).put(new Blob([blob], { type: blob.type }), name)
    await finished
  }

  /** A Blob stored with putBlob; undefined when there is none (or the value is JSON). */
  async getBlob(name: string): Promise<Blob | undefined> {
    const db = await this.#open()
    const v: unknown = await promised(db.transaction(STORE, 'readonly').objectStore(STORE).get(name))
    return v instanceof Blob ? v : undefined
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

/** Whether a database of this name exists; null when the browser cannot list databases. */
export async function databaseExists(name: string): Promise<boolean | null> {
  if (typeof indexedDB.databases !== 'function') return null
  try {
    return (await indexedDB.databases()).some((d) => d.name === name)
  } catch {
    return null
  }
}

/** Deletes a database; resolves once it is gone (other tabs' connections close on their versionchange). */
export function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.deleteDatabase(name)
    req.onsuccess = () => resolve()
    req.onerror = () => reject(req.error ?? new Error('IndexedDB could not delete ' + name))
  })
}
