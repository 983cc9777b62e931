import { sql } from 'kysely'
import { TALK } from '../../../../shared/src/api/limits.js'
import type { AppContext } from '../../context.js'
import { AppError, NotFoundError } from '../../errors.js'

export class NotVerifiedReaderError extends AppError {
  override name = 'NotVerifiedReaderError'
  constructor() {
    super(403, 'not_verified', 'Verified members only', 'Work Talk is for members who verified where they work (or worked).')
  }
}

/** Reading Work Talk needs a verification, current or lapsed. */
export async function requireVerifiedReader(ctx: AppContext, accountId: string): Promise<void> {
  const row = await ctx.db.selectFrom('employment').select('id').where('accountId', '=', accountId).executeTakeFirst()
  if (!row) throw new NotVerifiedReaderError()
}

export class BadCursorError extends AppError {
  override name = 'BadCursorError'
  constructor() {
    super(400, 'bad_cursor', 'Bad cursor', 'The cursor is not one this server gave out.')
  }
}

/** Keyset cursor: "<ISO time>__<uuid>" of the last row of the previous page, base64url. */
export function encodeCursor(at: Date, id: string): string {
  return Buffer.from(`${at.toISOString()}__${id}`).toString('base64url')
}
function decodeCursor(cursor: string): { at: Date; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('__')
  const d = new Date(at ?? '')
  if (!id || Number.isNaN(d.getTime()) || !/^[0-9a-f-]{36}$/.test(id)) throw new BadCursorError()
  return { at: d, id }
}

/**
 * The thread list: `new` by creation, `hot` by latest activity; keyset-paginated, never OFFSET.
 * A thread whose every post was deleted is in no list (DESIGN §5).
 */
export async function listThreads(ctx: AppContext, q: { sort?: 'hot' | 'new'; company?: string; channel?: string; cursor?: string }) {
  const column = q.sort === 'new' ? 'talkThread.createdAt' : 'talkThread.lastPostAt'
  let query = ctx.db
    .selectFrom('talkThread')
    .innerJoin('talkPost', (j) => j.onRef('talkPost.threadId', '=', 'talkThread.id').on('talkPost.isOpening', '=', true))
    .select([
      'talkThread.id',
      'talkPost.title',
      'talkThread.channel',
      'talkThread.createdAt',
      'talkThread.lastPostAt',
      'talkThread.replyCount',
      'talkThread.score',
      'talkThread.openerNonce',
      'talkPost.label',
      'talkPost.voice',
      'talkPost.companySlug',
      'talkPost.companyName',
      'talkPost.authorKey',
    ])
    .where('talkThread.visiblePosts', '>', 0)
    .orderBy(column, 'desc')
    .orderBy('talkThread.id', 'desc')
    .limit(TALK.pageSize + 1)
  if (q.company) query = query.where('talkThread.companySlug', '=', q.company)
  if (q.channel) query = query.where('talkThread.channel', '=', q.channel)
  if (q.cursor) {
    const c = decodeCursor(q.cursor)
    query = query.where(sql<boolean>`(${sql.ref(column)}, ${sql.ref('talkThread.id')}) < (${c.at}, ${c.id}::uuid)`)
  }
  const rows = await query.execute()
  const page = rows.slice(0, TALK.pageSize)
  const last = page[page.length - 1]
  const nextCursor = rows.length > TALK.pageSize && last ? encodeCursor(q.sort === 'new' ? last.createdAt : last.lastPostAt, last.id) : null
  return { rows: page, nextCursor }
}

export async function getThread(ctx: AppContext, threadId: string) {
  const thread = await ctx.db.selectFrom('talkThread').selectAll().where('id', '=', threadId).where('visiblePosts', '>', 0).executeTakeFirst()
  if (!thread) throw new NotFoundError('thread')
  const posts = await ctx.db
    .selectFrom('talkPost')
    .selectAll()
    .where('threadId', '=', threadId)
    .orderBy('position')
    .limit(TALK.postsPerThread)
    .execute()
  return { thread, posts }
}

