import type { Kysely } from 'kysely'
import type { AnonDB } from '../tables.js'
import type { LabelColumns } from './label-columns.js'

/** Every kind of anonymous write. `image`: an upload; `answer`: a poll answer. */
export type WriteKind = 'image' | 'thread' | 'reply' | 'edit' | 'delete' | 'vote' | 'answer' | 'report' | 'appeal' | RecordKind
/** Company records (issue 10): not Work Talk posts — no thread, no author key. `helpful`: a vote on a review. */
export type RecordKind = 'review' | 'salary' | 'interview' | 'helpful'

/** What applying a write in its window's transaction did: stored it, or found it already there. */
export type Applied = { stored: true } | { existing: { threadId: string; postId: string } }

/**
 * An anonymous write that passed its checks and waits, in this process's memory only, for its
 * mixing window. Nothing about it is written anywhere before the window commits.
 */
export interface PendingWrite {
  /** How the writer asks about it (GET /talk/writes): the post id, or `postId@revision` for an edit or deletion. */
  key: string
  kind: WriteKind
  threadId: string
  postId: string
  /** The post's revision once this write is stored (0 for a new post). */
  revision: number
  authorKey: Buffer
  /** SHA-256 of the token that pays for it; null for edits and deletions, which spend none. */
  tokenHash: Buffer | null
  /** The token is of a yearly key: its spent row is kept as long as it could be replayed (two years). */
  longLivedToken?: boolean
  /** New posts: their label, so a second write of one key in one thread is checked against it. */
  label?: LabelColumns
  /** Edits and deletions: their author signature, to tell a resend from a different change. */
  signature?: string
  /** Where the write lands, for live updates: a board's writes are never published. */
  channel?: string
  board?: boolean
  /** New threads and replies: the images they attach (uploads waiting in the same window are applied first). */
  imageIds?: readonly string[]
  /** Uploads: the re-encoded image's size, held in memory until the window commits. */
  bytes?: number
  /**
   * The stored rows the write will lock: the window locks every write's rows up front, threads
   * before posts, each in id order, so two processes' windows never wait on each other in a cycle.
   */
  locks: { threads: string[]; posts: string[] }
  /** Runs inside the window's transaction; throws an AppError to refuse the write, before writing anything. */
  apply(tx: Kysely<AnonDB>, at: Date): Promise<Applied>
}

/** What GET /talk/writes answers about a write. */
export type Outcome =
  | { state: 'pending' }
  | { state: 'stored'; threadId?: string; postId?: string }
  | { state: 'held'; code: string }
  | { state: 'refused'; code: string }
