import { sql } from 'kysely'
import { CURSORS, TALK, TALK_FORUM } from '../../../../shared/src/api/limits.js'
import type { ThreadListQuery } from '../../../../shared/src/api/talk.js'
import type { AppContext } from '../../context.js'
import { AppError, BadCursorError, NotFoundError } from '../../errors.js'
import { cursorFields, cursorInteger, cursorNumber, cursorTime, cursorUuid } from '../cursor-fields.js'
import type { SessionInfo } from '../sessions/sessions.js'
import { isVerifiedReader } from './reader-rule.js'
import { assertMayReadThread, resolveChannel, type Where } from './channels.js'

export class NotVerifiedReaderError extends AppError {
  override name = 'NotVerifiedReaderError'
  constructor() {
    super(403, 'not_verified', 'Verified members only', 'Work Talk is for members who verified where they work (or worked).')
  }
}

/** Reading Work Talk needs a verification, current or lapsed (reader-rule.ts): from the request's session when there is one. */
export async function requireVerifiedReader(ctx: AppContext, who: string | Pick<SessionInfo, 'accountId' | 'verifiedReader'>): Promise<void> {
  const verified =
    typeof who === 'string'
      ? (await ctx.db.selectNoFrom((eb) => isVerifiedReader(eb.val(who)).as('verified')).executeTakeFirstOrThrow()).verified
      : who.verifiedReader
  if (!verified) throw new NotVerifiedReaderError()
}

/** Re-exported where it was first defined: the talk, network and search services import it from here. */
export { BadCursorError }

type Sort = 'hot' | 'new' | 'top'
/** A keyset cursor: the sort key and id of the last row of the previous page, as base64url JSON. */
type CursorValue = number | string

function encodeCursor(sort: Sort, value: CursorValue, id: string): string {
  return Buffer.from(JSON.stringify([sort, value, id])).toString('base64url')
}
/** Each sort's key to the type of its column: hot float8, new timestamptz, top integer. */
function decodeCursor(sort: Sort, cursor: string): { value: CursorValue; id: string } {
  const [value, id] = cursorFields(cursor, sort, 2)
  if (sort !== 'new' && typeof value !== 'number') throw new BadCursorError()
  const checked = sort === 'hot' ? cursorNumber(value) : sort === 'new' ? cursorTime(value).toISOString() : cursorInteger(value, -CURSORS.maxInteger - 1)
  return { value: checked, id: cursorUuid(id) }
}

/** The columns a list row needs: the thread, its opening post's label and first characters. */
export function threadRows(ctx: AppContext) {
  return ctx.db
    .selectFrom('talkThread')
    .innerJoin('talkPost', (j) => j.onRef('talkPost.threadId', '=', 'talkThread.id').on('talkPost.isOpening', '=', true))
    .select([
      'talkThread.id',
      'talkPost.title',
      sql<string>`left(talk_post.body, ${TALK_FORUM.excerptLength})`.as('excerpt'),
      'talkThread.channel',
      'talkThread.board',
      'talkThread.createdAt',
      'talkThread.lastPostAt',
      'talkThread.replyCount',
      'talkThread.score',
      'talkThread.hot',
      'talkThread.hasPoll',
      'talkThread.highlightPostId',
      'talkThread.openerNonce',
      'talkThread.locked',
      'talkPost.id as openingId',
      'talkPost.moderation',
      'talkPost.moderationReason',
      'talkPost.label',
      'talkPost.voice',
      'talkPost.companySlug',
      'talkPost.companyName',
      'talkPost.authorKey',
      'talkPost.deleted',
    ])
    .where('talkThread.visiblePosts', '>', 0)
}
export type ThreadRow = Awaited<ReturnType<ReturnType<typeof threadRows>['execute']>>[number]

/**
 * The threads lists, search and the public page show: not those whose opening post is held,
 * hidden or removed (the thread itself still opens by its link, with the reason in its place).
 */
export function listedThreadRows(ctx: AppContext) {
  return threadRows(ctx).where('talkPost.moderation', 'is', null)
}

/**
 * The thread list (DESIGN §5b): `hot` by the kept score, `new` by creation, `top` by score within
 * a period; keyset-paginated, never OFFSET. A channel, a board its reader belongs to, or (no
 * channel) every channel but the boards. A thread whose every post was deleted is in no list.
 */
export async function listThreads(ctx: AppContext, accountId: string, q: ThreadListQuery) {
  const sort: Sort = q.sort ?? 'hot'
  // Who may read a board is asked every time, before the shared page is (read-cache.ts).
  const where = q.channel ? await resolveChannel(ctx, accountId, q.channel) : null
  const cursor = q.cursor ? decodeCursor(sort, q.cursor) : null
  const period = sort === 'top' ? (q.period ?? 'week') : ''
  const key = JSON.stringify(['list', where?.slug ?? null, where?.kind === 'board', q.company ?? null, sort, period, cursor?.value ?? null, cursor?.id ?? null])
  return ctx.talkReads.get(key, () => loadThreadList(ctx, where, q.company, sort, q.period, cursor))
}

/** One page of a thread list as the database has it: the same for every reader who may see it. */
async function loadThreadList(ctx: AppContext, where: Where | null, company: string | undefined, sort: Sort, period: ThreadListQuery['period'], cursor: { value: CursorValue; id: string } | null) {
  let query = listedThreadRows(ctx)
  if (where) query = query.where('talkThread.channel', '=', where.slug).where('talkThread.board', '=', where.kind === 'board')
  else query = query.where('talkThread.board', '=', false)
  if (company) query = query.where('talkThread.companySlug', '=', company)
  if (sort === 'hot') {
    query = query.orderBy('talkThread.hot', 'desc').orderBy('talkThread.id', 'desc')
    if (cursor) query = query.where(sql<boolean>`(talk_thread.hot, talk_thread.id) < (${cursor.value}::float8, ${cursor.id}::uuid)`)
  } else if (sort === 'new') {
    query = query.orderBy('talkThread.createdAt', 'desc').orderBy('talkThread.id', 'desc')
    if (cursor) query = query.where(sql<boolean>`(talk_thread.created_at, talk_thread.id) < (${new Date(cursor.value as string)}::timestamptz, ${cursor.id}::uuid)`)
  } else {
    const days = TALK_FORUM.topPeriodDays[period ?? 'week']
    query = query.where('talkThread.createdAt', '>=', new Date(ctx.clock.now().getTime() - days * 86_400_000)).orderBy('talkThread.score', 'desc').orderBy('talkThread.id', 'desc')
    if (cursor) query = query.where(sql<boolean>`(talk_thread.score, talk_thread.id) < (${cursor.value}::int, ${cursor.id}::uuid)`)
  }
  const rows = await query.limit(TALK.pageSize + 1).execute()
  const page = rows.slice(0, TALK.pageSize)
  const last = page.at(-1)
  const nextCursor =
    rows.length > TALK.pageSize && last ? encodeCursor(sort, sort === 'hot' ? last.hot : sort === 'new' ? last.createdAt.toISOString() : last.score, last.id) : null
  return { rows: page, nextCursor, ...(await listExtras(ctx, page)) }
}

/** What a page of threads shows besides its rows, loaded in two queries for the whole page: highlighted replies and image counts. */
export async function listExtras(ctx: AppContext, page: readonly ThreadRow[]) {
  const highlightIds = page.map((r) => r.highlightPostId).filter((id): id is string => id !== null)
  const openingIds = page.map((r) => r.openingId)
  const [highlights, images] = await Promise.all([
    highlightIds.length
      ? ctx.db
          .selectFrom('talkPost')
          .select(['id', sql<string>`left(body, ${TALK_FORUM.highlightLength})`.as('excerpt'), 'label', 'voice', 'companySlug', 'companyName', 'authorKey', 'authorTag', 'score', 'deleted', 'moderation'])
          .where('id', 'in', highlightIds)
          .execute()
      : [],
    openingIds.length
      ? ctx.db.selectFrom('talkImage').select(['postId', (eb) => eb.fn.countAll<string>().as('n')]).where('postId', 'in', openingIds).groupBy('postId').execute()
      : [],
  ])
  return {
    highlights: new Map(highlights.filter((h) => !h.deleted && h.moderation === null).map((h) => [h.id, h])),
    imageCounts: new Map(images.map((i) => [i.postId!, Number(i.n)])),
  }
}
export type Highlights = Awaited<ReturnType<typeof listExtras>>['highlights']

/**
 * A thread with a page of its posts (oldest first, keyset by position: `cursor` is the last
 * position of the page before), their images and the thread's poll; a board's only for its employees.
 */
export async function getThread(ctx: AppContext, accountId: string, threadId: string, cursor?: string) {
  const after = cursor === undefined ? -1 : Number(cursor)
  const page = await ctx.talkReads.get(JSON.stringify(['thread', threadId, after]), () => loadThreadPage(ctx, threadId, after))
  // Who may read a board's thread is asked every time; the page itself is the same for every reader.
  await assertMayReadThread(ctx, accountId, page.thread)
  return page
}

/** A page of a thread as the database has it (read-cache.ts): its row, posts, images, poll, highlight and appeals. */
async function loadThreadPage(ctx: AppContext, threadId: string, after: number) {
  const thread = await threadRows(ctx).where('talkThread.id', '=', threadId).executeTakeFirst()
  if (!thread) throw new NotFoundError('thread')
  // Every column but the search document (what a reader is shown is decided in views/talk.ts).
  const rows = await ctx.db
    .selectFrom('talkPost')
    .select(['id', 'threadId', 'isOpening', 'position', 'title', 'body', 'label', 'voice', 'companySlug', 'companyName', 'authorKey', 'authorTag', 'revision', 'deleted', 'createdAt', 'editedAt', 'pad', 'score', 'ups', 'downs', 'moderation', 'moderationReason'])
    .where('threadId', '=', threadId)
    .where('position', '>', after)
    .orderBy('position')
    .limit(TALK.postsPerPage + 1)
    .execute()
  const posts = rows.slice(0, TALK.postsPerPage)
  const nextCursor = rows.length > TALK.postsPerPage ? String(posts.at(-1)!.position) : null
  const [images, poll, extras, appeals] = await Promise.all([
    ctx.db
      .selectFrom('talkImage')
      .select(['id', 'postId', 'mediaType', 'width', 'height'])
      .where('postId', 'in', posts.map((p) => p.id))
      .orderBy('postId')
      .orderBy('position')
      .execute(),
    thread.hasPoll ? ctx.db.selectFrom('talkPoll').selectAll().where('threadId', '=', threadId).executeTakeFirst() : undefined,
    listExtras(ctx, [thread]),
    appealStates(ctx, posts.filter((p) => p.moderation !== null).map((p) => p.id)),
  ])
  return { thread, posts, images, poll: poll ?? null, nextCursor, appeals, ...extras }
}

/** The latest appeal of each moderated post of a page, in one query: open, upheld or reversed. */
export async function appealStates(ctx: AppContext, postIds: readonly string[]): Promise<Map<string, 'open' | 'upheld' | 'reversed'>> {
  if (!postIds.length) return new Map()
  const rows = await ctx.db
    .selectFrom('talkAppeal')
    .select(['postId', 'outcome', 'createdAt'])
    .where('postId', 'in', postIds)
    .orderBy('createdAt')
    .execute()
  return new Map(rows.map((r) => [r.postId, r.outcome ?? 'open']))
}

/** An image's bytes, for a reader who may read the thread it is in. */
export async function getImage(ctx: AppContext, accountId: string, imageId: string) {
  const row = await ctx.db
    .selectFrom('talkImage')
    .innerJoin('talkPost', 'talkPost.id', 'talkImage.postId')
    .innerJoin('talkThread', 'talkThread.id', 'talkPost.threadId')
    .select(['talkImage.bytes', 'talkImage.mediaType', 'talkPost.deleted', 'talkPost.moderation', 'talkThread.board', 'talkThread.channel'])
    .where('talkImage.id', '=', imageId)
    .executeTakeFirst()
  // A moderated post's images go out of view with its text.
  if (!row || row.deleted || row.moderation !== null) throw new NotFoundError('image')
  await assertMayReadThread(ctx, accountId, row)
  return row
}

/**
 * GET /talk/public/hot: what a visitor without a session may see — the open channel's hot threads,
 * titles and first lines only. One answer per process is reused for TALK_FORUM.publicHot.cacheS.
 */
export async function publicHot(ctx: AppContext) {
  const cached = ctx.caches.publicHot
  const now = ctx.clock.now().getTime()
  if (cached && now - cached.at < TALK_FORUM.publicHot.cacheS * 1000) return cached.threads
  const rows = await listedThreadRows(ctx)
    .innerJoin('talkChannel', 'talkChannel.slug', 'talkThread.channel')
    .where('talkChannel.kind', '=', 'open')
    .where('talkThread.board', '=', false)
    .where('talkPost.deleted', '=', false)
    .orderBy('talkThread.hot', 'desc')
    .orderBy('talkThread.id', 'desc')
    .limit(TALK_FORUM.publicHot.size)
    .execute()
  const threads = rows.map((r) => ({ id: r.id, title: r.title, excerpt: r.excerpt, replyCount: r.replyCount, score: r.score, createdAt: r.createdAt.toISOString() }))
  ctx.caches.publicHot = { at: now, threads }
  return threads
}
