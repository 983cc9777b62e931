import { withLock, type IdbStore } from './idb.js'

/**
 * The two moments the timing policy keeps apart, kept in the account's store for good (never
 * pruned with the outbox, which drops a stored write once its thread is read again): when this
 * browser last sent an anonymous write, and when it last started a draw. A write notes itself
 * before its request leaves; a draw notes itself before its first token request. Deciding and
 * noting happen under one Web Lock (`decide`), so a write and a draw can never both find the
 * other absent and go out together.
 *
 * @NOTE Anyone holding the device learns the time of the last anonymous write from this record;
 * the same store holds the pseudonym master secret, which tells them far more.
 */
interface Marks {
  /** When this browser last sent an anonymous write (any kind; resends included). */
  write?: number
  /** When this browser last started a draw (the wallet knows when one ended). */
  drawStart?: number
}
export const TIMING_MARKS_KEY = 'timing-marks'

export class TimingMarks {
  readonly #store: IdbStore
  readonly #lock: string

  constructor(store: IdbStore) {
    this.#store = store
    this.#lock = `${store.name}/timing`
  }

  async #get(): Promise<Marks> {
    const v = (await this.#store.get(TIMING_MARKS_KEY)) as Marks | undefined
    return v && typeof v === 'object' ? v : {}
  }

  /** When this browser last sent an anonymous write for the account; null: never. */
  async lastAnonymousWriteAt(): Promise<number | null> {
    const w = (await this.#get()).write
    return typeof w === 'number' ? w : null
  }

  /** When this browser last started a draw for the account; null: never (or before this record existed). */
  async lastDrawStartAt(): Promise<number | null> {
    const d = (await this.#get()).drawStart
    return typeof d === 'number' ? d : null
  }

  /** An anonymous write leaves now (call before its fetch; a failure to note must stop the send). */
  noteWrite(at: number): Promise<unknown> {
    return this.#store.update<Marks>(TIMING_MARKS_KEY, (v) => ({ ...v, write: Math.max(v?.write ?? 0, at) }))
  }

  /** A draw starts now (call before its first token request). */
  noteDrawStart(at: number): Promise<unknown> {
    return this.#store.update<Marks>(TIMING_MARKS_KEY, (v) => ({ ...v, drawStart: Math.max(v?.drawStart ?? 0, at) }))
  }

  /** Runs a timing decision and its note without a write or a draw of another tab deciding meanwhile. */
  decide<T>(work: () => Promise<T>): Promise<T> {
    return withLock(this.#lock, work)
  }
}
