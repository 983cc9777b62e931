import type { SignedRequest } from './anon-fetch.js'
import { withLock, type IdbStore } from './idb.js'

/** What a composer hands over: everything needed to sign and send later, nothing signed yet. */
export interface ComposeInput {
  kind: 'thread' | 'reply'
  /** The thread replied to; null for a new thread. */
  threadId: string | null
  /** For a reply: the opening post's key, to recognise a thread this browser opened. */
  openingKey?: string | undefined
  /** For a reply: the thread's published opener nonce (DESIGN §3), for the same reason. */
  openerNonce?: string | null | undefined
  title: string
  body: string
  label: 'company' | 'alias'
  channel?: string | undefined
  voiceId: string
  /** For a new thread: the nonce its opener key comes from (one per draft, kept on every retry). */
  nonce?: string | undefined
}

export type OutboxKind = 'thread' | 'reply' | 'edit' | 'delete'

/**
 * - waiting: not sent yet; `sendAt` says when and `wait` why;
 * - sending: the signed request is on its way (after a reload it is simply sent again: same bytes, same ids);
 * - accepted: answered 202, waiting for its mixing window; looked at again at `checkAt`;
 * - held: the server holds it for a moderator;
 * - stored: done; kept until the thread was read again after its quiet period;
 * - failed: refused; its text went back into the draft.
 */
export type OutboxState = 'waiting' | 'sending' | 'accepted' | 'held' | 'stored' | 'failed'

/**
 * Why a waiting item waits: its fresh tokens' age (lastDraw + U[minAge, 4 × minAge]), held apart
 * from a draw (lastDraw + U[6 h, 30 h], timing-policy.ts), "publish within N minutes", no token
 * held, a retry.
 */
export type WaitReason = 'age' | 'hold' | 'scheduled' | 'tokens' | 'respend' | 'resend'

/** The token a signed request spends (to mark it spent, or find its key's anonymity set). */
export interface SpentTokenRef {
  keyId: string
  message: string
  purpose: string
  epoch: string
}

/**
 * An anonymous write on its way, kept in IndexedDB from the moment it is written until the server
 * says it is stored — with the exact signed request once it is made, so that every resend is
 * byte-for-byte the same write (the server derives its ids from the signature).
 */
export interface OutboxItem extends Omit<ComposeInput, 'kind'> {
  id: string
  kind: OutboxKind
  /** Known after the server answered (for edits and deletions: the post changed). */
  postId?: string | undefined
  /** Edits and deletions: the revision they apply to, and the key that wrote the post. */
  revision?: number | undefined
  authorKey?: string | undefined
  withinMinutes: number
  /** "Publish sooner": out at once, with a token younger than the minimum age or held apart from a draw if need be. */
  sooner: boolean
  /** "Publish later (safer)": a post with only fresh tokens takes the hold after the draw instead of the token-age window. */
  later?: boolean | undefined
  createdAt: number
  state: OutboxState
  wait?: WaitReason | undefined
  /** When a waiting item goes out; Infinity while it waits for tokens. */
  sendAt: number
  /** How long after its tokens' draw a post with only fresh tokens goes out (random in [minAge, 4 × minAge]), chosen once. */
  ageDelayMs: number
  /** How long after the last draw a held write goes out (random in [6 h, 30 h]), chosen once by the timing policy. */
  holdDelayMs?: number | undefined
  /** "Publish within N minutes": the random part of the window, chosen once (so the shown time stays put). */
  withinDelayMs?: number | undefined
  request?: SignedRequest | undefined
  token?: SpentTokenRef | undefined
  /** When to ask GET /talk/writes again (accepted, held). */
  checkAt?: number | undefined
  /** When the item last became 'sending'. */
  since?: number | undefined
  /** Problem code of a failure. */
  error?: string | undefined
  /** When it was stored or failed. */
  doneAt?: number | undefined
}

/** Not yet stored on the server: lost if this browser's Work Talk data is deleted. */
export const isUnsent = (p: Pick<OutboxItem, 'state'>): boolean => p.state !== 'stored' && p.state !== 'failed'

/** Where the outbox is stored (forget.ts counts it without a runtime). */
export const OUTBOX_KEY = 'outbox'
const OUTBOX = OUTBOX_KEY

export class Outbox {
  readonly #store: IdbStore
  readonly lock: string

  constructor(store: IdbStore) {
    this.#store = store
    this.lock = `${store.name}/outbox`
  }

  async list(): Promise<OutboxItem[]> {
    const v = await this.#store.get(OUTBOX)
    return Array.isArray(v) ? (v as OutboxItem[]).map(revive) : []
  }

  #update(change: (list: OutboxItem[]) => OutboxItem[]): Promise<OutboxItem[]> {
    return this.#store.update<OutboxItem[]>(OUTBOX, (list) => change(Array.isArray(list) ? list.map(revive) : [])).then((l) => l.map(revive))
  }

  add(p: OutboxItem): Promise<OutboxItem[]> {
    return this.#update((list) => [...list, p])
  }

  remove(id: string): Promise<OutboxItem[]> {
    return this.#update((list) => list.filter((p) => p.id !== id))
  }

  patch(id: string, fields: Partial<OutboxItem>): Promise<OutboxItem[]> {
    return this.#update((list) => list.map((p) => (p.id === id ? { ...p, ...fields } : p)))
  }

  /** Applies `change` to every item (one transaction). */
  map(change: (p: OutboxItem) => OutboxItem | null): Promise<OutboxItem[]> {
    return this.#update((list) => list.map(change).filter((p): p is OutboxItem => p !== null))
  }

  /** Drops the items a read showed (outbox-items.ts shownInThread / shownInList): their local copy is no longer needed. */
  drop(shown: (p: OutboxItem) => boolean): Promise<OutboxItem[]> {
    return this.map((p) => (shown(p) ? null : p))
  }

  /** Runs `work` while no other tab works on the outbox. */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    return withLock(this.lock, work)
  }
}

/** JSON has no Infinity: a waiting-for-tokens item is stored with sendAt null. */
function revive(p: OutboxItem): OutboxItem {
  return p.sendAt === null || p.sendAt === undefined ? { ...p, sendAt: Infinity } : p
}
