import { sql } from 'kysely'
import type { Static } from '@sinclair/typebox'
import { MODERATION } from '../../../../shared/src/api/limits.js'
import { type QueueItem, type ReportReason, SEVERITY } from '../../../../shared/src/api/moderation.js'
import type { AppContext } from '../../context.js'
import { decodeOffset, offsetPageOf } from '../network/cursor.js'

/**
 * GET /moderation/queue: what waits for a moderator, by severity, then report count, then age.
 * An item gathers, for one piece of content, the reports (anonymous and real-name) and takedown
 * requests made since the last action on it, an automated hold, and an open appeal. Acting on it
 * (POST /moderation/actions, `dismiss` included) takes it off. Nothing here names an anonymous
 * author: there is none stored; real-name reporters are not shown either (their notes are).
 */
type Item = Static<typeof QueueItem>
type Key = `${string}:${string}`

interface Gathered {
  targetType: string
  targetId: string
  reasons: Record<string, number>
  notes: string[]
  copies: string[]
  since: Date
  held: boolean
  appeal: { id: string; body: string } | null
}

/** No action on the target since `at`: the open part of its reports. */
const undecided = (type: ReturnType<typeof sql>, id: ReturnType<typeof sql>, at: ReturnType<typeof sql>) =>
  sql<boolean>`not exists (select 1 from moderation_action a where a.target_type = ${type} and a.target_id = ${id} and a.created_at >= ${at})`

export async function moderationQueue(ctx: AppContext, cursor?: string): Promise<{ items: Item[]; nextCursor: string | null }> {
  const offset = decodeOffset(cursor)
  const gathered = new Map<Key, Gathered>()
  const take = (targetType: string, targetId: string, at: Date): Gathered => {
    const key: Key = `${targetType}:${targetId}`
    let g = gathered.get(key)
    if (!g) gathered.set(key, (g = { targetType, targetId, reasons: {}, notes: [], copies: [], since: at, held: false, appeal: null }))
    if (at < g.since) g.since = at
    return g
  }
  const [talkReports, contentReports, takedowns, held, appeals] = await Promise.all([
    ctx.db
      .selectFrom('talkReport as r')
      .innerJoin('talkPost as p', 'p.id', 'r.postId')
      .select(['r.postId', 'r.reason', 'r.createdAt'])
      .where('p.deleted', '=', false)
      .where(undecided(sql`'talk_post'`, sql`r.post_id::text`, sql`r.created_at`))
      .execute(),
    ctx.db
      .selectFrom('contentReport as r')
      .select(['r.targetType', 'r.targetId', 'r.reason', 'r.note', 'r.copy', 'r.createdAt'])
      .where('r.decided', '=', false)
      .execute(),
    ctx.db.selectFrom('takedownRequest').selectAll().where('closedOn', 'is', null).execute(),
    ctx.db
      .selectFrom('talkPost as p')
      .select(['p.id', 'p.moderationReason', 'p.createdAt', 'p.editedAt'])
      .where('p.moderation', '=', 'held')
      .where('p.deleted', '=', false)
      .where(undecided(sql`'talk_post'`, sql`p.id::text`, sql`coalesce(p.edited_at, p.created_at)`))
      .execute(),
    ctx.db.selectFrom('talkAppeal').select(['id', 'postId', 'body', 'createdAt']).where('outcome', 'is', null).execute(),
  ])
  for (const r of talkReports) {
    const g = take('talk_post', r.postId, r.createdAt)
    g.reasons[r.reason] = (g.reasons[r.reason] ?? 0) + 1
  }
  for (const r of contentReports) {
    const g = take(r.targetType, r.targetId, r.createdAt)
    g.reasons[r.reason] = (g.reasons[r.reason] ?? 0) + 1
    if (r.note) g.notes.push(r.note)
    if (r.copy !== null) g.copies.push(r.copy)
  }
  for (const t of takedowns) {
    const g = take(t.targetType ?? 'takedown', t.targetId ?? t.id, t.createdAt)
    g.reasons[t.reason] = (g.reasons[t.reason] ?? 0) + 1
    g.notes.push(`${t.url}\n${t.details}\n(${t.contact})`)
  }
  for (const h of held) {
    const g = take('talk_post', h.id, h.editedAt ?? h.createdAt)
    g.held = true
    g.reasons[h.moderationReason ?? 'held'] = g.reasons[h.moderationReason ?? 'held'] ?? 0
  }
  for (const a of appeals) take('talk_post', a.postId, a.createdAt).appeal = { id: a.id, body: a.body }

  const all = [...gathered.values()]
  const severityOf = (g: Gathered) => Math.max(g.appeal || g.held ? 2 : 0, ...Object.keys(g.reasons).map((r) => SEVERITY[r as ReportReason] ?? 2))
  const countOf = (g: Gathered) => Object.values(g.reasons).reduce((a, b) => a + b, 0)
  // Ties end on the target, so that pages do not overlap.
  const keyOf = (g: Gathered) => `${g.targetType}:${g.targetId}`
  all.sort((a, b) => severityOf(b) - severityOf(a) || countOf(b) - countOf(a) || a.since.getTime() - b.since.getTime() || (keyOf(a) < keyOf(b) ? -1 : 1))
  const { rows: items, nextCursor } = offsetPageOf(all.slice(offset, offset + MODERATION.queuePageSize + 1), MODERATION.queuePageSize, offset)
  const shown = await contentOf(ctx, items)
  return {
    items: items.map((g) => {
      const c = shown.get(`${g.targetType}:${g.targetId}`)
      return {
        targetType: g.targetType,
        targetId: g.targetId,
        severity: severityOf(g),
        reports: countOf(g),
        reasons: g.reasons,
        state: c?.state ?? null,
        excerpt: g.copies[0] ?? c?.excerpt ?? '',
        link: c?.link ?? null,
        notes: g.notes,
        appeal: g.appeal,
        since: g.since.toISOString(),
      }
    }),
    nextCursor,
  }
}

type Shown = { excerpt: string; link: string | null; state: Item['state'] }

/** Each item's content as a moderator reads it, in one query per kind. */
async function contentOf(ctx: AppContext, items: readonly Gathered[]): Promise<Map<Key, Shown>> {
  const ids = (type: string) => items.filter((g) => g.targetType === type).map((g) => g.targetId)
  const out = new Map<Key, Shown>()
  const talkIds = ids('talk_post')
  const feedIds = ids('feed_post')
  const commentIds = ids('feed_comment')
  const jobIds = ids('job')
  const handles = ids('profile')
  const threadIds = ids('talk_thread')
  const reviewIds = ids('review')
  const interviewIds = ids('interview')
  const [talk, threads, feed, comments, jobs, profiles, reviews, interviews] = await Promise.all([
    talkIds.length ? ctx.db.selectFrom('talkPost').select(['id', 'threadId', 'title', 'body', 'moderation']).where('id', 'in', talkIds).execute() : [],
    threadIds.length
      ? ctx.db.selectFrom('talkThread').innerJoin('talkPost', (j) => j.onRef('talkPost.threadId', '=', 'talkThread.id').on('talkPost.isOpening', '=', true)).select(['talkThread.id', 'talkThread.locked', 'talkPost.title']).where('talkThread.id', 'in', threadIds).execute()
      : [],
    feedIds.length ? ctx.db.selectFrom('feedPost').select(['id', 'body', 'moderation']).where('id', 'in', feedIds).execute() : [],
    commentIds.length ? ctx.db.selectFrom('feedComment').select(['id', 'postId', 'body', 'moderation']).where('id', 'in', commentIds).execute() : [],
    jobIds.length ? ctx.db.selectFrom('job').select(['id', 'title', 'moderation']).where('id', 'in', jobIds).execute() : [],
    handles.length ? ctx.db.selectFrom('account').innerJoin('profile', 'profile.accountId', 'account.id').select(['account.handle', 'account.name', 'profile.headline']).where('account.handle', 'in', handles).execute() : [],
    reviewIds.length ? ctx.db.selectFrom('companyReview').select(['id', 'companySlug', 'headline', 'pros', 'cons', 'advice', 'moderation']).where('id', 'in', reviewIds).execute() : [],
    interviewIds.length ? ctx.db.selectFrom('companyInterview').select(['id', 'companySlug', 'position', 'body', 'questions', 'moderation']).where('id', 'in', interviewIds).execute() : [],
  ])
  const cut = (s: string) => s.slice(0, 500)
  for (const p of talk) out.set(`talk_post:${p.id}`, { excerpt: cut(p.title ? `${p.title}\n${p.body}` : p.body), link: `/talk/t/${p.threadId}#post-${p.id}`, state: p.moderation })
  for (const t of threads) out.set(`talk_thread:${t.id}`, { excerpt: cut(t.title), link: `/talk/t/${t.id}`, state: t.locked ? 'locked' : null })
  for (const p of feed) out.set(`feed_post:${p.id}`, { excerpt: cut(p.body), link: `/posts/${p.id}`, state: p.moderation })
  for (const c of comments) out.set(`feed_comment:${c.id}`, { excerpt: cut(c.body), link: `/posts/${c.postId}`, state: c.moderation })
  for (const j of jobs) out.set(`job:${j.id}`, { excerpt: cut(j.title), link: `/jobs/${j.id}`, state: j.moderation })
  for (const p of profiles) out.set(`profile:${p.handle}`, { excerpt: cut(`${p.name} — ${p.headline}`), link: `/in/${p.handle}`, state: null })
  const texts = (...parts: string[]) => cut(parts.filter(Boolean).join('\n'))
  for (const r of reviews) out.set(`review:${r.id}`, { excerpt: texts(r.headline, r.pros, r.cons, r.advice), link: `/companies/${r.companySlug}?tab=reviews#review-${r.id}`, state: r.moderation })
  for (const r of interviews) out.set(`interview:${r.id}`, { excerpt: texts(r.position, r.body, r.questions), link: `/companies/${r.companySlug}?tab=interviews#interview-${r.id}`, state: r.moderation })
  return out
}
