/**
 * A read cache of one process, dropped whole on any write to what it holds (db/write-watch.ts in
 * this process, a NOTIFY from a statement trigger at commit for every process, db/listener.ts).
 * It serves nothing while it is not `live` (its process is not hearing of writes), and it starts
 * empty each time it becomes live again. An entry is never older than `ttlMs`, and nothing is kept
 * that was read while a write was heard of. Nothing here is written anywhere: memory only.
 *
 * Its users: the Work Talk pages (services/talk/read-cache.ts) and the sessions
 * (services/sessions/session-cache.ts).
 */

export interface ReadCacheLimits {
  /** An entry is used at most this long after it was read, even if no write was heard of. */
  ttlMs: number
  /** At most this many entries (the least recently used go first). */
  maxEntries: number
  /** At most about this many bytes of entries (estimated from their strings and buffers). */
  maxBytes: number
}
interface Entry {
  generation: number
  at: number
  bytes: number
  value: unknown
}

/** A rough size of a value held in memory: strings, buffers and numbers, walked once when it is stored. */
export function approxBytes(value: unknown, depth = 0): number {
  if (value === null || value === undefined) return 8
  if (typeof value === 'string') return 16 + value.length * 2
  if (typeof value !== 'object') return 8
  if (depth > 6) return 64
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return 32 + value.byteLength
  if (value instanceof Date) return 24
  let n = 32
  if (value instanceof Map) for (const [k, v] of value) n += approxBytes(k, depth + 1) + approxBytes(v, depth + 1)
  else if (Array.isArray(value)) for (const v of value) n += approxBytes(v, depth + 1)
  else for (const v of Object.values(value)) n += 8 + approxBytes(v, depth + 1)
  return n
}

export class ReadCache {
  readonly limits: ReadCacheLimits
  readonly #now: () => number
  readonly #entries = new Map<string, Entry>()
  readonly #inflight = new Map<string, { generation: number; promise: Promise<unknown> }>()
  #generation = 0
  #bytes = 0
  #live = false
  /** Counters for the metrics and the tests: how the cache was asked. */
  readonly stats = { hits: 0, misses: 0, bypassed: 0, drops: 0 }

  constructor(parts: { now: () => number; limits: ReadCacheLimits }) {
    this.#now = parts.now
    this.limits = { ...parts.limits }
  }

  /** Whether writes are being heard of (only then is anything served from memory). */
  get live(): boolean {
    return this.#live
  }

  get size(): number {
    return this.#entries.size
  }

  /** Listening started (true) or stopped (false): either way what is held may have missed a write. */
  setLive(live: boolean): void {
    this.#live = live
    this.drop()
  }

  /** A write was heard of: every entry goes, and reads under way will not store what they read. */
  drop(): void {
    this.#generation++
    this.stats.drops++
    this.#entries.clear()
    this.#inflight.clear()
    this.#bytes = 0
  }

  /**
   * What `load` answers for `key`, from memory while it is fresh and nothing was written since it
   * was read. Concurrent misses of one key share one load. The value is shared: callers never change it.
   * `keep` says whether a value may be kept (e.g. not a "no such row", which a later insert would change).
   */
  async get<T>(key: string, load: () => Promise<T>, keep: (value: T) => boolean = () => true): Promise<T> {
    if (!this.#live) {
      this.stats.bypassed++
      return load()
    }
    const now = this.#now()
    const hit = this.#entries.get(key)
    if (hit && hit.generation === this.#generation && now - hit.at < this.limits.ttlMs && now >= hit.at) {
      this.stats.hits++
      // Most recently used last: the map's order is the eviction order.
      this.#entries.delete(key)
      this.#entries.set(key, hit)
      return hit.value as T
    }
    if (hit) this.#remove(key, hit)
    const generation = this.#generation
    const pending = this.#inflight.get(key)
    if (pending && pending.generation === generation) {
      this.stats.hits++
      return pending.promise as Promise<T>
    }
    this.stats.misses++
    const promise = load()
    this.#inflight.set(key, { generation, promise })
    try {
      const value = await promise
      // Stored only if nothing was written while it was read: otherwise it may be older than the write.
      if (generation === this.#generation && this.#live && keep(value)) this.#store(key, { generation, at: now, bytes: approxBytes(value), value })
      return value
    } finally {
      if (this.#inflight.get(key)?.promise === promise) this.#inflight.delete(key)
    }
  }

  #store(key: string, entry: Entry): void {
    if (entry.bytes > this.limits.maxBytes) return
    const old = this.#entries.get(key)
    if (old) this.#remove(key, old)
    this.#entries.set(key, entry)
    this.#bytes += entry.bytes
    for (const [k, e] of this.#entries) {
      if (this.#entries.size <= this.limits.maxEntries && this.#bytes <= this.limits.maxBytes) break
      this.#remove(k, e)
    }
  }

  #remove(key: string, entry: Entry): void {
    if (this.#entries.get(key) !== entry) return
    this.#entries.delete(key)
    this.#bytes -= entry.bytes
  }
}
