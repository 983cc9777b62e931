import { withLock, type IdbStore } from './idb.js'

/** What a composer hands over: everything needed to sign and send later, nothing signed yet. */
export interface ComposeInput {
  kind: 'thread' | 'reply'
  /** The thread replied to; null for a new thread. */
  threadId: string | null
  /** For a reply: the opening post's key, to recognise a thread this browser opened. */
  openingKey?: string | undefined
  title: string
  body: string
  label: 'company' | 'alias'
  channel?: string | undefined
  voiceId: string
  /** For a new thread: the nonce its opener key comes from (kept with the draft). */
  nonce?: string | undefined
}

/**
 * A "publish within N minutes" post waiting in IndexedDB. It is signed and sent — with a token
 * taken at that moment — by a timer while a tab of the site is open, or after the next load.
 */
export interface PendingPost extends ComposeInput {
  id: string
  sendAt: number
  /** The window chosen ("within N minutes"), restored into the draft on cancel. */
  withinMinutes: number
  state: 'waiting' | 'sending' | 'failed'
  /** When state became 'sending'; a send older than this was interrupted (the tab closed). */
  since?: number | undefined
  /** Problem code of the last failure. */
  error?: string | undefined
}

const OUTBOX = 'outbox'
const INTERRUPTED_MS = 2 * 60_000

export class Outbox {
  readonly #store: IdbStore
  readonly lock: string

  constructor(store: IdbStore) {
    this.#store = store
    this.lock = `${store.name}/outbox`
  }

  async list(): Promise<PendingPost[]> {
    const v = await this.#store.get(OUTBOX)
    return Array.isArray(v) ? (v as PendingPost[]) : []
  }

  #update(change: (list: PendingPost[]) => PendingPost[]): Promise<PendingPost[]> {
    return this.#store.update<PendingPost[]>(OUTBOX, (list) => change(Array.isArray(list) ? list : []))
  }

  add(p: PendingPost): Promise<PendingPost[]> {
    return this.#update((list) => [...list, p])
  }

  remove(id: string): Promise<PendingPost[]> {
    return this.#update((list) => list.filter((p) => p.id !== id))
  }

  patch(id: string, fields: Partial<PendingPost>): Promise<PendingPost[]> {
    return this.#update((list) => list.map((p) => (p.id === id ? { ...p, ...fields } : p)))
  }

  /**
   * On load: posts due while no tab was open go out a little after this load (not at once: the
   * page load's own requests carry the session); sends cut off mid-way are marked failed, since
   * they may or may not have reached the server.
   */
  recover(now: number, overdueDelay: () => number): Promise<PendingPost[]> {
    return withLock(this.lock, () =>
      this.#update((list) =>
        list.map((p) => {
          if (p.state === 'sending' && now - (p.since ?? 0) > INTERRUPTED_MS) return { ...p, state: 'failed', error: 'interrupted' }
          if (p.state === 'waiting' && p.sendAt < now) return { ...p, sendAt: now + overdueDelay() }
          return p
        }),
      ),
    )
  }
}
