import crypto from 'node:crypto'
import type { Kysely } from 'kysely'
import { MODERATION } from '../../../../shared/src/api/limits.js'
import type { RealNameReport, RealNameTarget, TakedownRequest } from '../../../../shared/src/api/moderation.js'
import type { AnonDB } from '../../anon/tables.js'
import { appendModerationLog } from '../../anon/services/moderation-log.js'
import type { AppContext } from '../../context.js'
import { AppError } from '../../errors.js'
import { hitRateLimit } from '../limits/rate-limits.js'
import { checkTargetId, reportedContent } from './targets.js'

const DAY_S = 24 * 60 * 60

export class OwnContentError extends AppError {
  override name = 'OwnContentError'
  constructor() {
    super(403, 'own_content', 'Your own content', 'Members do not report what they wrote themselves (delete or edit it instead).')
  }
}

/** Real-name content whose `personal_info` reports hide it before a moderator looks. */
const HIDEABLE: Partial<Record<RealNameTarget, 'feedPost' | 'feedComment' | 'job' | 'companyReview' | 'companyInterview'>> = {
  feed_post: 'feedPost',
  feed_comment: 'feedComment',
  job: 'job',
  review: 'companyReview',
  interview: 'companyInterview',
}

/**
 * POST /reports: a member reports real-name content (issue 11). One report per member and
 * content (a second answers the first); at most MODERATION.reportsPerAccountPerDay a day. A
 * message travels as the reporter's copy, stored with the report: no screen reads conversations.
 * The `personalInfoAutoHide`-th personal-data report from distinct members hides a post, comment,
 * job, review or interview report until a moderator decides (the public log says `hide`).
 */
export async function fileReport(ctx: AppContext, reporterId: string, input: RealNameReport): Promise<{ id: string; created: boolean }> {
  const targetId = checkTargetId(input.targetType, input.targetId)
  const content = await reportedContent(ctx.db, reporterId, input.targetType, targetId)
  if (content.authorId === reporterId) throw new OwnContentError()
  const earlier = await ctx.db.selectFrom('contentReport').select('id').where('reporterId', '=', reporterId).where('targetType', '=', input.targetType).where('targetId', '=', targetId).executeTakeFirst()
  if (earlier) return { id: earlier.id, created: false }
  await hitRateLimit(ctx, { scope: 'content-reports', key: reporterId, limit: MODERATION.reportsPerAccountPerDay, windowS: DAY_S })
  // Account-side times to the minute (DESIGN §4), like every other.
  const now = new Date(Math.floor(ctx.clock.now().getTime() / 60_000) * 60_000)
  return ctx.db.transaction().execute(async (tx) => {
    const made = await tx
      .insertInto('contentReport')
      .values({ id: crypto.randomUUID(), reporterId, targetType: input.targetType, targetId, reason: input.reason, note: input.note?.trim() ?? '', copy: content.copy, createdAt: now })
      .onConflict((oc) => oc.columns(['reporterId', 'targetType', 'targetId']).doNothing())
      .returning('id')
      .executeTakeFirst()
    if (!made) {
      const first = await tx.selectFrom('contentReport').select('id').where('reporterId', '=', reporterId).where('targetType', '=', input.targetType).where('targetId', '=', targetId).executeTakeFirstOrThrow()
      return { id: first.id, created: false }
    }
    const table = HIDEABLE[input.targetType]
    if (input.reason === 'personal_info' && table) {
      // The content's row lock orders concurrent reports: the threshold is crossed once.
      const row = await tx.selectFrom(table).select('moderation').where('id', '=', targetId).forUpdate().executeTakeFirst()
      const { n } = await tx
        .selectFrom('contentReport')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('targetType', '=', input.targetType)
        .where('targetId', '=', targetId)
        .where('reason', '=', 'personal_info')
        .executeTakeFirstOrThrow()
      if (row && row.moderation === null && Number(n) >= MODERATION.personalInfoAutoHide) {
        await tx.updateTable(table).set({ moderation: 'hidden', moderationReason: 'personal_info' }).where('id', '=', targetId).execute()
        await appendModerationLog(tx as unknown as Kysely<AnonDB>, { action: 'hide', reason: 'personal_info', targetType: input.targetType, targetId }, now)
      }
    }
    return { id: made.id, created: true }
  })
}

/** What a link on this site names, when it names content a moderator can act on. */
export function targetOfUrl(publicUrl: URL, raw: string): { targetType: string; targetId: string } | null {
  let u: URL
  try {
    u = new URL(raw, publicUrl)
  } catch {
    return null
  }
  if (u.origin !== publicUrl.origin) return null
  const post = /^#post-([0-9a-f-]{36})$/i.exec(u.hash)
  const path = u.pathname
  let m: RegExpExecArray | null
  if ((m = /^\/talk\/t\/([0-9a-f-]{36})$/i.exec(path))) return post ? { targetType: 'talk_post', targetId: post[1]!.toLowerCase() } : { targetType: 'talk_thread', targetId: m[1]!.toLowerCase() }
  if ((m = /^\/posts\/([0-9a-f-]{36})$/i.exec(path))) return { targetType: 'feed_post', targetId: m[1]!.toLowerCase() }
  if ((m = /^\/jobs\/([0-9a-f-]{36})$/i.exec(path))) return { targetType: 'job', targetId: m[1]!.toLowerCase() }
  if ((m = /^\/in\/([a-z0-9][a-z0-9-]{0,38})$/i.exec(path))) return { targetType: 'profile', targetId: m[1]!.toLowerCase() }
  const record = /^#(review|interview)-([0-9a-f-]{36})$/i.exec(u.hash)
  if (record && /^\/companies\/[^/]+$/.test(path)) return { targetType: record[1]!.toLowerCase(), targetId: record[2]!.toLowerCase() }
  return null
}

/**
 * POST /takedown-requests, no session: anyone named in a post — a member or not — asks for it to
 * be taken down. At most MODERATION.takedownsPerAddressPerDay per client address. The link is
 * resolved to the content it names when it is ours; a moderator reads the rest.
 */
export async function fileTakedown(ctx: AppContext, address: string, input: TakedownRequest): Promise<{ id: string }> {
  await hitRateLimit(ctx, { scope: 'takedown-requests', key: address, limit: MODERATION.takedownsPerAddressPerDay, windowS: DAY_S })
  const target = targetOfUrl(ctx.config.publicUrl, input.url.trim())
  const id = crypto.randomUUID()
  await ctx.db
    .insertInto('takedownRequest')
    .values({ id, contact: input.contact.trim(), url: input.url.trim(), targetType: target?.targetType ?? null, targetId: target?.targetId ?? null, reason: input.reason, details: input.details.trim(), createdAt: ctx.clock.now() })
    .execute()
  return { id }
}
