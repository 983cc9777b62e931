import type { ReportReason } from '../../../shared/src/api/moderation.js'
import type { SignedRequest } from './anon-fetch.js'
import { withLock, type IdbStore } from './idb.js'
import type { RecordInput, RecordKind } from './records.js'

/** A new thread's poll as the composer hands it over. */
export interface ComposePoll {
  /** 2–6 options (TALK_FORUM.poll), distinct, each at most optionLength characters. */
  options: string[]
  /**
   * When the member wants it to close (ISO 8601), one hour to 30 days from now. Read as how long
   * the poll stays open: the post may wait in the outbox (timing-policy.ts), so the closing time
   * it is signed with is this duration counted from the moment it goes out, rounded up to the
   * hour — a closing time counted from the moment of writing would tell the server when that was.
   */
  closesAt: string
}

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
  /**
   * A new thread: the channel's or company board's slug (none: the open channel). A reply: its
   * thread's channel, used only to pick the key that pays (a board's threads take a token of that
   * company's own key) — a reply does not send it.
   */
  channel?: string | undefined
  voiceId: string
  /** For a new thread: the nonce its opener key comes from (one per draft, kept on every retry). */
  nonce?: string | undefined
  /**
   * Images to attach, in order: at most TALK_FORUM.images.perPost, JPEG, PNG or WebP, each at most
   * TALK_FORUM.images.maxBytes (runtime.publish checks, ComposeInputError). Kept in this browser
   * until the post is stored, uploaded with the post's own token right before the post goes out.
   */
  images?: Blob[] | undefined
  /** A new thread only: its poll. */
  poll?: ComposePoll | undefined
}

/** Writes that carry text: shown as posts (thread pages, "publishing" lists). */
export type PostKind = 'thread' | 'reply' | 'edit' | 'delete'
/** Votes, poll answers and reports: shown on the post or poll they are about. */
export type ReactionKind = 'vote' | 'answer' | 'report'
/** Company records (records.ts) — reviews, salary and interview reports — and a "helpful" mark on a review. */
export type OutboxKind = PostKind | ReactionKind | RecordKind | 'helpful'

/**
 * - waiting: not sent yet; `sendAt` says when and `wait` why;
 * - sending: the signed request (or, for a post with images, its uploads) is on its way (after a
 *   reload it is simply sent again: same bytes, same ids; uploads already answered are not repeated);
 * - accepted: answered 202, waiting for its mixing window; looked at again at `checkAt`;
 * - held: the server holds it for a moderator;
 * - stored: done; kept until the thread was read again after its quiet period (a record or a
 *   helpful mark, which has no thread: a day; RecordBook remembers it after that);
 * - failed: refused; its text went back into the draft (a record keeps what was written in the
 *   item itself, until dismissed).
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
  /** Records: when the token was drawn, so one refused for a form error can pay again, timed like itself (record-book.ts). */
  drawnAt?: number | undefined
}

/** A whole token taken for a post with images: its uploads show it, then the post spends it. */
export interface TakenToken extends SpentTokenRef {
  signature: string
}

/**
 * An anonymous write on its way, kept in IndexedDB from the moment it is written until the server
 * says it is stored — with the exact signed request once it is made, so that every resend is
 * byte-for-byte the same write (the server derives its ids from the signature, a record's from
 * its token). Every kind: posts (OutboxItem), votes and poll answers (ReactionItem), company
 * records (RecordItem) and helpful marks (HelpfulItem).
 */
export interface OutboxEntry extends Omit<ComposeInput, 'kind' | 'images'> {
  id: string
  kind: OutboxKind
  /**
   * Known after the server answered (for edits and deletions: the post changed). For a vote: the
   * post voted on, from the start.
   */
  postId?: string | undefined
  /** Edits and deletions: the revision they apply to, and the key that wrote the post. */
  revision?: number | undefined
  /** Edits and deletions: the post's key. Votes and answers: the key that signed them (known once signed). */
  authorKey?: string | undefined
  /** A vote: 1 up, -1 down, 0 withdrawn. */
  value?: 1 | -1 | 0 | undefined
  /** A vote: the key's first vote on the post, which spends a `react` token (a change spends none). */
  firstVote?: boolean | undefined
  /** A report: why (one of REPORT_REASONS); `postId` names the post reported. */
  reason?: ReportReason | undefined
  /** A post held by an automated check (state 'held'): the rule it tripped (shared/src/moderation/checks.ts). */
  heldRule?: string | undefined
  /** A poll answer: the poll (its thread's id) and the option's index. */
  pollId?: string | undefined
  option?: number | undefined
  /** A post with images: where this browser keeps them (Outbox.image), in order. */
  imageRefs?: string[] | undefined
  /** A review, salary or interview report: what the member wrote, kept until the item goes (a refused one can be shown and put back). */
  record?: RecordInput | undefined
  /** A record: its id, from the server's answer (derived from its token). */
  recordId?: string | undefined
  /** A record or a helpful mark: the company's slug. */
  company?: string | undefined
  /** A helpful mark: the review. */
  reviewId?: string | undefined
  /** Their ids on the server, by position, as each upload is answered (null: not uploaded yet). */
  imageIds?: (string | null)[] | undefined
  /** A post with images: the token taken for it once it goes out (kept until the post is signed with it). */
  payToken?: TakenToken | undefined
  /** How often the post was refused because an image it names was not there (yet): then they are uploaded again. */
  imageWaits?: number | undefined
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

/** A post, reply, edit or deletion on its way: what thread pages and "publishing" lists show. */
export type OutboxItem = OutboxEntry & { kind: PostKind }
/** A vote, poll answer or report on its way. */
export type ReactionItem = OutboxEntry & { kind: ReactionKind }
/** A review, salary or interview report on its way: no thread, no author key; paid by a yearly token. */
export type RecordItem = OutboxEntry & { kind: RecordKind; record: RecordInput; company: string }
/** A "helpful" mark on a review on its way: a `react` token, signed with this browser's key for that review. */
export type HelpfulItem = OutboxEntry & { kind: 'helpful'; company: string; reviewId: string }

const POST_KINDS: readonly string[] = ['thread', 'reply', 'edit', 'delete'] satisfies PostKind[]
const RECORD_KINDS: readonly string[] = ['review', 'salary', 'interview'] satisfies RecordKind[]
export const isPostItem = (p: OutboxEntry): p is OutboxItem => POST_KINDS.includes(p.kind)
export const isReactionItem = (p: OutboxEntry): p is ReactionItem => p.kind === 'vote' || p.kind === 'answer' || p.kind === 'report'
export const isRecordItem = (p: OutboxEntry): p is RecordItem => RECORD_KINDS.includes(p.kind) && !!p.record && !!p.company
export const isHelpfulItem = (p: OutboxEntry): p is HelpfulItem => p.kind === 'helpful' && !!p.company && !!p.reviewId

/** Not yet stored on the server: lost if this browser's Work Talk data is deleted. */
export const isUnsent = (p: Pick<OutboxEntry, 'state'>): boolean => p.state !== 'stored' && p.state !== 'failed'

/** Where the outbox is stored (forget.ts counts it without a runtime). */
export const OUTBOX_KEY = 'outbox'
const OUTBOX = OUTBOX_KEY
/** Where the images of posts not sent yet are kept, as Blobs: `outbox-image:<item id>:<position>`. */
export const OUTBOX_IMAGE_PREFIX = 'outbox-image:'
/**
 * Images just picked in a composer are kept under `draft-t<ms>-<uuid>` and are safe from
 * collection this long: another tab collecting before this tab saved the draft that holds them
 * (a draft is saved 400 ms after a change) would otherwise delete them. Removed ones go after it.
 */
export const DRAFT_IMAGE_GRACE_MS = 10 * 60_000

/** The item id under which images just picked for a draft are kept (its time is when they were picked). */
export const draftImageItemId = (now = Date.now()): string => `draft-t${now}-${crypto.randomUUID()}`

/** The refs saveImages gives images of this item: known before they are written, so they can be held first. */
export const outboxImageRefs = (itemId: string, count: number): string[] => Array.from({ length: count }, (_, i) => `${OUTBOX_IMAGE_PREFIX}${itemId}:${i}`)

/** Whether a ref is of images picked for a draft less than DRAFT_IMAGE_GRACE_MS ago. */
function pickedLately(ref: string, now: number): boolean {
  const picked = /^outbox-image:draft-t(\d+)-/.exec(ref)
  return !!picked && now - Number(picked[1]) < DRAFT_IMAGE_GRACE_MS
}

export class Outbox {
  readonly #store: IdbStore
  readonly lock: string

  constructor(store: IdbStore) {
    this.#store = store
    this.lock = `${store.name}/outbox`
  }

  async list(): Promise<OutboxEntry[]> {
    const v = await this.#store.get(OUTBOX)
    return Array.isArray(v) ? (v as OutboxEntry[]).map(revive) : []
  }

  #update(change: (list: OutboxEntry[]) => OutboxEntry[]): Promise<OutboxEntry[]> {
    return this.#store.update<OutboxEntry[]>(OUTBOX, (list) => change(Array.isArray(list) ? list.map(revive) : [])).then((l) => l.map(revive))
  }

  add(p: OutboxEntry): Promise<OutboxEntry[]> {
    return this.#update((list) => [...list, p])
  }

  remove(id: string): Promise<OutboxEntry[]> {
    return this.#update((list) => list.filter((p) => p.id !== id))
  }

  patch(id: string, fields: Partial<OutboxEntry>): Promise<OutboxEntry[]> {
    return this.#update((list) => list.map((p) => (p.id === id ? { ...p, ...fields } : p)))
  }

  /** Applies `change` to every item (one transaction). */
  map(change: (p: OutboxEntry) => OutboxEntry | null): Promise<OutboxEntry[]> {
    return this.#update((list) => list.map(change).filter((p): p is OutboxEntry => p !== null))
  }

  /** Drops the items a read showed (outbox-items.ts shownInThread / shownInList): their local copy is no longer needed. */
  drop(shown: (p: OutboxEntry) => boolean): Promise<OutboxEntry[]> {
    return this.map((p) => (shown(p) ? null : p))
  }

  /**
   * Keeps a post's images (as plain Blobs: no file names) while its item is in the outbox; returns
   * where, in order. collectImages deletes them once nothing refers to them.
   */
  async saveImages(itemId: string, images: readonly Blob[]): Promise<string[]> {
    const refs = outboxImageRefs(itemId, images.length)
    for (const [i, blob] of images.entries()) await this.#store.putBlob(refs[i]!, blob)
    return refs
  }

  /** An image kept with saveImages; undefined when it is gone. */
  image(ref: string): Promise<Blob | undefined> {
    return this.#store.getBlob(ref)
  }

  /**
   * Deletes the kept images nothing refers to any more: not an outbox item, not one of `keep`
   * (the refs drafts hold: a refused or cancelled post's images go back into its draft), and not
   * picked for a draft lately (DRAFT_IMAGE_GRACE_MS: that draft may not be saved yet, in any tab),
   * and not in `held` — read as each image is judged, so a ref held before its image is written
   * is safe from a collection already under way.
   */
  async collectImages(keep: Iterable<string>, held: ReadonlySet<string> = new Set(), now = Date.now()): Promise<void> {
    const used = new Set(keep)
    for (const p of await this.list()) for (const r of p.imageRefs ?? []) used.add(r)
    for (const ref of await this.#store.keys(OUTBOX_IMAGE_PREFIX)) if (!used.has(ref) && !held.has(ref) && !pickedLately(ref, now)) await this.#store.remove(ref)
  }

  /** Runs `work` while no other tab works on the outbox. */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    return withLock(this.lock, work)
  }
}

/** JSON has no Infinity: a waiting-for-tokens item is stored with sendAt null. */
function revive(p: OutboxEntry): OutboxEntry {
  return p.sendAt === null || p.sendAt === undefined ? { ...p, sendAt: Infinity } : p
}
