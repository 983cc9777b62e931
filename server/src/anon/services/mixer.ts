import crypto from 'node:crypto'
import { toMinute } from '../../clock.js'
import { WRITES } from '../../../../shared/src/api/limits.js'
import { AppError } from '../../errors.js'
import type { AnonContext } from '../context.js'
import type { Applied, Outcome, PendingWrite } from './pending.js'
import type { Accepted } from './accept.js'
import { TokenSpentError } from './redeem.js'
import { scrub } from './scrub.js'

/** How long a window's outcomes stay answerable from memory (GET /talk/writes); later the database answers. */
const OUTCOME_KEEP_MS = 60 * 60 * 1000
/** A write still not committed after this long (the database was unreachable) is forgotten: its writer resends it. */
const PENDING_GIVE_UP_MS = 15 * 60 * 1000
/**
 * Kinds in the order a window applies them: an upload before the post that attaches it, a thread
 * before a reply to it, a post before a vote on it.
 */
const KIND_ORDER = ['image', 'thread', 'reply', 'edit', 'delete', 'vote', 'answer', 'report', 'appeal', 'review', 'salary', 'interview', 'helpful'] as const

function shuffled<T>(xs: readonly T[]): T[] {
  const out = [...xs]
  for (let i = out.length - 1; i > 0; i--) {
    const j = crypto.randomInt(i + 1)
    ;[out[i], out[j]] = [out[j]!, out[i]!]
  }
  return out
}

interface Waiting {
  write: PendingWrite
  acceptedAt: number
}

/**
 * Mixed commits (DESIGN §2). Anonymous writes are checked when they arrive, then wait here, in
 * this process's memory, for the end of their window; each window is committed in ONE
 * transaction, its writes in random order, their spent tokens in the same transaction. So commit
 * times, `xmin`, row order and the WAL say no more about a write than its window does.
 *
 * Windows end at whole multiples of the window length on the wall clock, so every process
 * commits at the same moments. The spent tokens of a window are inserted first, each with
 * ON CONFLICT DO NOTHING: a token another process spent already refuses its one write, not the
 * window. A write that fails its checks at commit has written nothing, and its token is returned
 * (a refused write never costs its token).
 *
 * With a window of 0 every write is committed on arrival, alone — tests use that; it gives up
 * the mixing and is never right in production.
 */
export class Mixer {
  readonly #ctx: Omit<AnonContext, 'mixer'>
  #waiting = new Map<string, Waiting>()
  #outcomes = new Map<string, { outcome: Outcome; at: number }>()
  #timer: NodeJS.Timeout | undefined
  #committing: Promise<void> = Promise.resolve()
  #closed = false
  #running = false
  /** Writes this process holds waiting at most (WRITES.anonymousWaitingPerProcess; tests lower it). */
  maxWaiting: number = WRITES.anonymousWaitingPerProcess

  constructor(ctx: Omit<AnonContext, 'mixer'>) {
    this.#ctx = ctx
  }

  get windowMs(): number {
    return this.#ctx.config.mixWindowS * 1000
  }

  /** Starts committing at the end of every window (a no-op when the window is 0). */
  start(): void {
    if (this.windowMs === 0 || this.#running || this.#closed) return
    this.#running = true
    const schedule = () => {
      const now = Date.now()
      const next = Math.floor(now / this.windowMs) * this.windowMs + this.windowMs
      this.#timer = setTimeout(() => {
        void this.flush().finally(() => {
          if (this.#running) schedule()
        })
      }, next - now)
      this.#timer.unref()
    }
    schedule()
  }

  /** Stops committing at window ends; waiting writes stay until flush() or close(). */
  stop(): void {
    this.#running = false
    clearTimeout(this.#timer)
  }

  /** Stops the timer and commits what is waiting (a graceful shutdown loses nothing accepted). */
  async close(): Promise<void> {
    this.#closed = true
    this.stop()
    await this.flush()
  }

  /** Writes waiting for their window. */
  get size(): number {
    return this.#waiting.size
  }

  find(key: string): PendingWrite | undefined {
    return this.#waiting.get(key)?.write
  }
  pendingToken(hash: Buffer): PendingWrite | undefined {
    return this.#first((w) => w.tokenHash !== null && w.tokenHash.equals(hash))
  }
  pendingOpening(authorKey: Buffer): PendingWrite | undefined {
    return this.#first((w) => w.kind === 'thread' && w.authorKey.equals(authorKey))
  }
  pendingThread(threadId: string): PendingWrite | undefined {
    return this.#first((w) => w.kind === 'thread' && w.threadId === threadId)
  }
  /** A new post of this key in this thread that is still waiting (its label binds the next one). */
  pendingByAuthor(threadId: string, authorKey: Buffer): PendingWrite | undefined {
    return this.#first((w) => (w.kind === 'thread' || w.kind === 'reply') && w.threadId === threadId && w.authorKey.equals(authorKey))
  }
  /** An edit or deletion of this post still waiting (with `kind`: an appeal of it): a second one would race it. */
  pendingChange(postId: string, kind?: 'appeal'): PendingWrite | undefined {
    return this.#first((w) => (kind ? w.kind === kind : w.kind === 'edit' || w.kind === 'delete') && w.postId === postId)
  }

  /** Bytes of the uploads waiting here (they are held in memory until their window commits). */
  pendingImageBytes(): number {
    let n = 0
    for (const { write } of this.#waiting.values()) n += write.bytes ?? 0
    return n
  }

  /** Takes a waiting write back (a newer vote of the same key on the same post replaces it). */
  withdraw(key: string): void {
    this.#waiting.delete(key)
  }

  #first(match: (w: PendingWrite) => boolean): PendingWrite | undefined {
    for (const { write } of this.#waiting.values()) if (match(write)) return write
    return undefined
  }

  /** What became of a write, as far as this process knows (the database knows the rest). */
  outcome(key: string): Outcome | undefined {
    if (this.#waiting.has(key)) return { state: 'pending' }
    return this.#outcomes.get(key)?.outcome
  }

  /**
   * Takes a checked write into the current window. With a window of 0 it is committed now: the
   * answer is 'stored' (or 'existing'), or the refusal is thrown as its error.
   */
  async submit(write: PendingWrite): Promise<Accepted> {
    if (this.#closed) throw new AppError(503, 'shutting_down', 'Shutting down', 'The server is restarting; send the write again in a moment.')
    // The global cap (WRITES.anonymousWaitingPerProcess): tokens limit each member, this the whole.
    if (this.#waiting.size >= this.maxWaiting) throw new AppError(503, 'busy', 'Too many writes waiting', 'This server holds as many anonymous writes as it takes for now; send it again in a minute.', { 'retry-after': String(Math.max(1, Math.ceil(this.windowMs / 1000))) })
    if (this.windowMs > 0) {
      this.#waiting.set(write.key, { write, acceptedAt: Date.now() })
      return { state: 'pending', write }
    }
    const [result] = await this.#serialised(() => this.#commit([write]))
    if (!result || 'refused' in result) throw result?.refused ?? new Error('the write was not committed')
    if ('existing' in result.applied) return { state: 'existing', ...result.applied.existing }
    return { state: 'stored', write }
  }

  /** Commits every waiting write now, in one transaction (the end of a window). */
  async flush(): Promise<void> {
    await this.#serialised(async () => {
      this.#forgetOld()
      if (!this.#waiting.size) return []
      const batch = [...this.#waiting.values()]
      let results: CommitResult[]
      try {
        results = await this.#commit(batch.map((b) => b.write))
      } catch (err) {
        // The database is unreachable: keep the writes for the next window, for a while.
        this.#ctx.log.warn({ err }, 'a mixing window could not be committed; its writes wait for the next one')
        return []
      }
      for (const b of batch) this.#waiting.delete(b.write.key)
      return results
    })
  }

  #forgetOld(): void {
    const now = Date.now()
    for (const [key, w] of this.#waiting) if (now - w.acceptedAt > PENDING_GIVE_UP_MS) this.#waiting.delete(key)
    for (const [key, o] of this.#outcomes) if (now - o.at > OUTCOME_KEEP_MS) this.#outcomes.delete(key)
  }

  /** One window commits at a time in this process, so a flush and an immediate write never interleave. */
  #serialised(work: () => Promise<CommitResult[]>): Promise<CommitResult[]> {
    const run = this.#committing.then(work)
    this.#committing = run.then(
      () => undefined,
      () => undefined,
    )
    return run
  }

  async #commit(writes: PendingWrite[]): Promise<CommitResult[]> {
    const at = toMinute(this.#ctx.clock.now())
    const results = await this.#ctx.db.transaction().execute(async (tx) => {
      const refused = new Map<PendingWrite, AppError>()
      // 0. Lock what the writes will change, in one global order (threads, then posts, then the
      //    tokens' unique keys, each sorted): two processes' windows then never deadlock. Ids
      //    and token hashes are random, so their order says nothing about the writers.
      await lockRows(tx, writes)
      // 1. Spend the tokens.
      for (const w of writes.filter((x) => x.tokenHash !== null).sort((a, b) => Buffer.compare(a.tokenHash!, b.tokenHash!))) {
        const spent = await tx.insertInto('talkSpentToken').values({ tokenHash: w.tokenHash!, spentAt: at, longLived: w.longLivedToken === true }).onConflict((oc) => oc.doNothing()).returning('tokenHash').executeTakeFirst()
        if (!spent) refused.set(w, new TokenSpentError())
      }
      // 2. Apply the writes, each kind in another random order. A refusal comes before the
      //    write has written anything (apply.ts), so the window stays one transaction.
      const out: CommitResult[] = []
      for (const kind of KIND_ORDER) {
        for (const w of shuffled(writes.filter((x) => x.kind === kind))) {
          const no = refused.get(w)
          if (no) {
            out.push({ write: w, refused: no })
            continue
          }
          try {
            const applied = await w.apply(tx, at)
            if ('existing' in applied) await this.#unspend(tx, w)
            out.push({ write: w, applied })
          } catch (err) {
            // Anything but a refusal is the database failing: the whole window waits for the next.
            if (!(err instanceof AppError)) throw err
            await this.#unspend(tx, w)
            out.push({ write: w, refused: err })
          }
        }
      }
      return out
    })
    const now = Date.now()
    for (const r of results) {
      const outcome: Outcome =
        'refused' in r ? { state: 'refused', code: r.refused.code } : 'existing' in r.applied ? { state: 'stored', ...r.applied.existing } : { state: 'stored' }
      this.#outcomes.set(r.write.key, { outcome, at: now })
    }
    const changed = results.filter((r) => 'applied' in r && (r.write.kind === 'edit' || r.write.kind === 'delete')).map((r) => r.write)
    if (changed.length) await scrub(this.#ctx, changed).catch((err: unknown) => this.#ctx.log.warn({ err }, 'overwritten text could not be vacuumed yet; maintenance will'))
    // Live updates after the commit, never before: a stream learns of a post when storage does.
    await this.#ctx.events.publishWindow(at, results.flatMap((r) => ('applied' in r && !('existing' in r.applied) ? [r.write] : [])))
    return results
  }

  /** A write that stored nothing gives its token back. */
  async #unspend(tx: Parameters<PendingWrite['apply']>[0], w: PendingWrite): Promise<void> {
    if (w.tokenHash) await tx.deleteFrom('talkSpentToken').where('tokenHash', '=', w.tokenHash).execute()
  }
}

async function lockRows(tx: Parameters<PendingWrite['apply']>[0], writes: readonly PendingWrite[]): Promise<void> {
  const threads = [...new Set(writes.flatMap((w) => w.locks.threads))].sort()
  const posts = [...new Set(writes.flatMap((w) => w.locks.posts))].sort()
  if (threads.length) await tx.selectFrom('talkThread').select('id').where('id', 'in', threads).orderBy('id').forUpdate().execute()
  if (posts.length) await tx.selectFrom('talkPost').select('id').where('id', 'in', posts).orderBy('id').forUpdate().execute()
}

type CommitResult = { write: PendingWrite; applied: Applied } | { write: PendingWrite; refused: AppError }
