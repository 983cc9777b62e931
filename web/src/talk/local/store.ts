import { databaseNameFor, existingDatabaseNameFor } from '../db-name.js'

/**
 * What Work Talk keeps for one account in this browser and never tells the server: the threads
 * it follows (follow.ts) and what it muted (mute.ts). Kept in localStorage under the account's
 * Work Talk database name (db-name.ts: a salted HMAC of the account id, never the id itself) —
 * `<database name>/follow`, `<database name>/mute` — so that:
 * - another account signed in on this browser sees none of it;
 * - "Forget Work Talk on this device" (forget.ts removes every localStorage key under
 *   `<database name>/`) deletes it with the rest, and the move from the legacy name carries it;
 * - reads are synchronous (a list renders muted threads hidden on its first paint).
 *
 * The account is bound once per page by <TalkLocalAccount> (App.tsx) from the session; before
 * that, or signed out, reads are empty and writes do nothing.
 */

let account: string | null = null
let prefixCache: { account: string; prefix: string | null } | null = null
const listeners = new Set<() => void>()

/** Binds the signed-in account (null: signed out). Safe to call on every render. */
export function bindLocalAccount(accountId: string | null): void {
  if (accountId === account) return
  account = accountId
  prefixCache = null
  // Not during the caller's render: subscribers re-render.
  queueMicrotask(() => {
    for (const l of [...listeners]) l()
  })
}

export function boundAccount(): string | null {
  return account
}

/**
 * The account's key prefix. `create`: a write may make this browser's salt (db-name.ts); a read
 * never does (no salt yet: nothing was stored).
 */
function prefix(create: boolean): string | null {
  if (!account) return null
  if (prefixCache?.account === account && (prefixCache.prefix !== null || !create)) return prefixCache.prefix
  const name = create ? databaseNameFor(account) : existingDatabaseNameFor(account)
  prefixCache = { account, prefix: name }
  return name
}

function safeParse(raw: string | null): unknown {
  if (raw === null) return undefined
  try {
    return JSON.parse(raw) as unknown
  } catch {
    return undefined
  }
}

/**
 * One JSON value of the bound account, with change notification across components and tabs.
 * `normalize` turns whatever is stored (an older shape, garbage) into a valid value.
 */
export class LocalValue<T> {
  readonly #name: string
  readonly #normalize: (raw: unknown) => T
  #cache: { key: string | null; raw: string | null; value: T } | null = null

  constructor(name: string, normalize: (raw: unknown) => T) {
    this.#name = name
    this.#normalize = normalize
  }

  #key(create: boolean): string | null {
    const p = prefix(create)
    return p === null ? null : `${p}/${this.#name}`
  }

  /** The current value (the same object until it changes, as useSyncExternalStore needs). */
  get = (): T => {
    const key = this.#key(false)
    let raw: string | null = null
    try {
      raw = key ? localStorage.getItem(key) : null
    } catch {
      raw = null
    }
    if (this.#cache && this.#cache.key === key && this.#cache.raw === raw) return this.#cache.value
    const value = this.#normalize(safeParse(raw))
    this.#cache = { key, raw, value }
    return value
  }

  /** Changes the value; false when nothing could be stored (no account, no localStorage, full). */
  update(change: (current: T) => T): boolean {
    if (!account) return false
    const next = change(this.get())
    const key = this.#key(true)
    if (!key) return false
    try {
      localStorage.setItem(key, JSON.stringify(next))
    } catch {
      return false
    }
    for (const l of [...listeners]) l()
    return true
  }

  subscribe = (onChange: () => void): (() => void) => subscribe(onChange)
}

function onStorage(e: StorageEvent): void {
  // Another tab changed something of ours (or cleared everything): re-read.
  const p = prefix(false)
  if (e.key === null || (p !== null && e.key.startsWith(p + '/'))) for (const l of [...listeners]) l()
}

function subscribe(onChange: () => void): () => void {
  if (listeners.size === 0) window.addEventListener('storage', onStorage)
  listeners.add(onChange)
  return () => {
    listeners.delete(onChange)
    if (listeners.size === 0) window.removeEventListener('storage', onStorage)
  }
}
