import { type Kysely, sql } from 'kysely'
import { NotFoundError } from '../../errors.js'
import type { AnonDB } from '../tables.js'
import { LabelMismatchError, NotAuthorError, PostModeratedError, RevisionConflictError, ThreadLockedError } from './errors.js'
import { type HoldRule, logHold, logRelease, repeatRule } from './holds.js'
import { type LabelColumns, sameLabel } from './label-columns.js'
import { hotScore } from '../../../../shared/src/talk/hot.js'
import { threadDocument, tsvectorText } from '../../../../shared/src/search/documents.js'
import { attachImages, lockImages } from './images.js'
import type { Applied } from './pending.js'
import { rehighlight, rerank } from './ranking.js'

/**
 * A thread's search document (title and opening body), as tsvector input. Search indexes Work
 * Talk here, inside the write's own statement — not in a job of the account side — so the index
 * holds nothing but the post's own words, and is written exactly when its window commits: no
 * other write time, no account link (DESIGN §4). An edit re-indexes; a deletion empties it.
 */
const searchOf = (title: string, body: string) => sql<string>`${tsvectorText(threadDocument({ title, body }))}::tsvector`

/**
 * Each kind of anonymous write, as it is applied inside its window's one transaction (mixer.ts).
 * What was checked on arrival is checked again here, under row locks, because another process
 * may have committed a window in the meantime. Every time stored is the window's minute.
 *
 * The rule that keeps a window ONE transaction (no savepoints, whose subtransaction ids would
 * show up as row versions of their own): a write either throws its refusal before it has written
 * anything, or writes without failing — a conflict with a row another process stored is met
 * with ON CONFLICT DO NOTHING and answered as "already there".
 */

interface NewThread {
  id: string
  channel: string
  board: boolean
  companySlug: string | null
  openerNonce: string | null
}
interface NewPost {
  id: string
  body: string
  authorKey: Buffer
  label: LabelColumns
  imageIds: readonly string[]
  /** The rule the checks on arrival hold it for (holds.ts); the repeat check runs here, at commit. */
  hold: HoldRule | null
}

/** Held for `rule`, or published: what a new post's row says, and the log entry a hold makes. */
async function holdOf(tx: Kysely<AnonDB>, post: NewPost, at: Date): Promise<HoldRule | null> {
  return post.hold ?? (await repeatRule(tx, post.body, at))
}
const moderationColumns = (rule: HoldRule | null) => (rule ? { moderation: 'held' as const, moderationReason: rule } : {})

export async function applyThread(tx: Kysely<AnonDB>, thread: NewThread, post: NewPost & { title: string }, poll: { options: string[]; closesAt: Date } | null, at: Date): Promise<Applied> {
  const existing = await recoverThread(tx, post.authorKey)
  if (existing) return existing
  await lockImages(tx, post.imageIds)
  const hold = await holdOf(tx, post, at)
  const made = await tx
    .insertInto('talkThread')
    .values({ ...thread, createdAt: at, lastPostAt: at, visiblePosts: 1, hasPoll: poll !== null, hot: hotScore(0, 0, at) })
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .executeTakeFirst()
  if (!made) return (await recoverThread(tx, post.authorKey)) ?? { existing: { threadId: thread.id, postId: post.id } }
  const opening = await tx
    .insertInto('talkPost')
    .values({ id: post.id, threadId: thread.id, isOpening: true, position: 0, title: post.title, body: post.body, search: searchOf(post.title, post.body), ...post.label, authorKey: post.authorKey, authorTag: 'OP', createdAt: at, ...moderationColumns(hold) })
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .executeTakeFirst()
  if (!opening) {
    // Another process stored a thread of this opener key first (we waited for its commit): that
    // one stands, ours goes.
    await tx.deleteFrom('talkThread').where('id', '=', thread.id).execute()
    return (await recoverThread(tx, post.authorKey))!
  }
  await attachImages(tx, post.id, post.imageIds)
  if (hold) await logHold(tx, post.id, hold, at)
  if (poll) await tx.insertInto('talkPoll').values({ threadId: thread.id, options: JSON.stringify(poll.options) as unknown as string[], counts: JSON.stringify(poll.options.map(() => 0)) as unknown as number[], closesAt: poll.closesAt }).execute()
  return { stored: true }
}

/** The thread an opening key already opened, if any (unique index talk_post_opening_key_idx). */
export async function recoverThread(tx: Kysely<AnonDB>, authorKey: Buffer): Promise<Applied | null> {
  const opened = await tx.selectFrom('talkPost').select(['id', 'threadId']).where('isOpening', '=', true).where('authorKey', '=', authorKey).executeTakeFirst()
  return opened ? { existing: { threadId: opened.threadId, postId: opened.id } } : null
}

/** The tag of `authorKey` in a thread: its existing one, or "#n" for the n-th distinct key (OP is the first). */
async function tagFor(tx: Kysely<AnonDB>, threadId: string, authorKey: Buffer): Promise<string> {
  const known = await tx.selectFrom('talkPost').select('authorTag').where('threadId', '=', threadId).where('authorKey', '=', authorKey).executeTakeFirst()
  if (known) return known.authorTag
  const { n } = await tx
    .selectFrom('talkPost')
    .select((eb) => eb.fn.count<string>('authorKey').distinct().as('n'))
    .where('threadId', '=', threadId)
    .executeTakeFirstOrThrow()
  return `#${Number(n) + 1}`
}

export async function applyReply(tx: Kysely<AnonDB>, post: NewPost & { threadId: string }, at: Date): Promise<Applied> {
  // Locking the thread row serialises posts in one thread, so tags (#2, #3…) never collide.
  const thread = await tx.selectFrom('talkThread').select(['id', 'replyCount', 'visiblePosts', 'locked']).where('id', '=', post.threadId).forUpdate().executeTakeFirst()
  if (!thread || thread.visiblePosts === 0) throw new NotFoundError('thread')
  if (thread.locked) throw new ThreadLockedError()
  if (await tx.selectFrom('talkPost').select('id').where('id', '=', post.id).executeTakeFirst()) return { existing: { threadId: post.threadId, postId: post.id } }
  const earlier = await tx.selectFrom('talkPost').select(['label', 'voice', 'companySlug']).where('threadId', '=', post.threadId).where('authorKey', '=', post.authorKey).executeTakeFirst()
  if (earlier && !sameLabel(earlier, post.label)) throw new LabelMismatchError()
  await lockImages(tx, post.imageIds)
  const authorTag = await tagFor(tx, post.threadId, post.authorKey)
  const hold = await holdOf(tx, post, at)
  // Checked, and under the thread's lock: from here on nothing can refuse the write.
  await tx
    .insertInto('talkPost')
    .values({ id: post.id, threadId: post.threadId, isOpening: false, position: thread.replyCount + 1, body: post.body, ...post.label, authorKey: post.authorKey, authorTag, createdAt: at, ...moderationColumns(hold) })
    .execute()
  await attachImages(tx, post.id, post.imageIds)
  if (hold) await logHold(tx, post.id, hold, at)
  // A key that had not posted here before, and is not the opener's, is one more replier.
  const newReplier = !earlier && authorTag !== 'OP'
  await tx
    .updateTable('talkThread')
    .set((eb) => ({ replyCount: eb('replyCount', '+', 1), visiblePosts: eb('visiblePosts', '+', 1), lastPostAt: at, ...(newReplier && { repliers: eb('repliers', '+', 1) }) }))
    .where('id', '=', post.threadId)
    .execute()
  if (newReplier) await rerank(tx, post.threadId)
  return { stored: true }
}

/** An edit or deletion, as its author signed it: what it changes, and from which revision. */
export interface Change {
  postId: string
  authorKey: Buffer
  revision: number
  /** null: a deletion. */
  edit: { title: string; body: string } | null
}

/**
 * Whether this very change is already stored: the post is at the revision the change makes and
 * holds what it says (an edit's text; a deletion). A change sent again to another process — its
 * writer asked a process that did not know it and was told `unknown_write` — is then "stored",
 * not a conflict with itself.
 */
export function alreadyApplied(post: { revision: number; deleted: boolean; title: string; body: string }, c: Pick<Change, 'revision' | 'edit'>): boolean {
  if (post.revision !== c.revision + 1) return false
  return c.edit === null ? post.deleted : !post.deleted && post.title === c.edit.title && post.body === c.edit.body
}

/** The post a change is about, locked, checked against its author and revision; `done` when the change is stored already. */
async function lockForChange(tx: Kysely<AnonDB>, c: Change) {
  const post = await tx
    .selectFrom('talkPost')
    .select(['id', 'threadId', 'isOpening', 'authorKey', 'revision', 'deleted', 'title', 'body', 'moderation', 'moderationReason'])
    .where('id', '=', c.postId)
    .forUpdate()
    .executeTakeFirst()
  if (!post) throw new NotFoundError('post')
  if (!post.authorKey.equals(c.authorKey)) throw new NotAuthorError()
  if (post.deleted && !alreadyApplied(post, c)) throw new NotFoundError('post')
  if (post.revision !== c.revision && !alreadyApplied(post, c)) throw new RevisionConflictError()
  return { ...post, done: alreadyApplied(post, c) }
}

/**
 * `pad` holds spaces as long as the text this update leaves behind, so the new row version is at
 * least as long as the old one: when VACUUM compacts the page, the new version is moved over the
 * old one and overwrites its bytes, instead of leaving them in the page's free space. scrub.ts
 * empties the pad afterwards. The search document holds the text's words too, so its size counts
 * on both sides (`search`: the new document's tsvector input, or null).
 */
const padFor = (title: string, body: string, search: string | null) =>
  sql<string>`repeat(' ', greatest(0, octet_length(title) + octet_length(body) + octet_length(pad) + coalesce(pg_column_size(search), 0) - octet_length(${title}) - octet_length(${body}) - coalesce(pg_column_size(${search}::tsvector), 0)))`

/**
 * An edit is checked like a new post: a held post whose new text passes is published (the log
 * says `release`), a published one whose new text trips a rule is held. A post a moderator hid
 * or removed is not edited back into view (403 `post_moderated`): its author appeals instead.
 */
export async function applyEdit(tx: Kysely<AnonDB>, e: { postId: string; authorKey: Buffer; revision: number; title: string; body: string; hold: HoldRule | null }, at: Date): Promise<Applied> {
  const post = await lockForChange(tx, { ...e, edit: { title: e.title, body: e.body } })
  if (post.done) return { existing: { threadId: post.threadId, postId: e.postId } }
  if (post.moderation === 'hidden' || post.moderation === 'removed') throw new PostModeratedError()
  const hold = e.hold ?? (await repeatRule(tx, e.body, at, e.postId))
  await tx
    .updateTable('talkPost')
    .set(() => {
      const search = post.isOpening ? tsvectorText(threadDocument({ title: e.title, body: e.body })) : null
      return {
        pad: padFor(e.title, e.body, search),
        title: e.title,
        body: e.body,
        search: search === null ? null : sql<string>`${search}::tsvector`,
        revision: post.revision + 1,
        editedAt: at,
        moderation: hold ? 'held' : null,
        moderationReason: hold,
      }
    })
    .where('id', '=', e.postId)
    .execute()
  if (hold && (post.moderation !== 'held' || post.moderationReason !== hold)) await logHold(tx, e.postId, hold, at)
  else if (!hold && post.moderation === 'held') await logRelease(tx, e.postId, post.moderationReason ?? '', at)
  return { stored: true }
}

/** A deleted opening post takes its thread's title with it (DESIGN §5): titles are where details are. */
export async function applyDelete(tx: Kysely<AnonDB>, d: { postId: string; authorKey: Buffer; revision: number }, _at: Date): Promise<Applied> {
  const post = await lockForChange(tx, { ...d, edit: null })
  if (post.done) return { existing: { threadId: post.threadId, postId: d.postId } }
  await tx.updateTable('talkPost').set({ pad: padFor('', '', null), title: '', body: '', search: null, deleted: true, revision: post.revision + 1 }).where('id', '=', d.postId).execute()
  // Its images go with its text.
  await tx.deleteFrom('talkImage').where('postId', '=', d.postId).execute()
  const thread = await tx
    .updateTable('talkThread')
    .set((eb) => ({ visiblePosts: eb('visiblePosts', '-', 1) }))
    .where('id', '=', post.threadId)
    .returning('highlightPostId')
    .executeTakeFirstOrThrow()
  if (thread.highlightPostId === d.postId) await rehighlight(tx, post.threadId)
  return { stored: true }
}
