import crypto from 'node:crypto'
import type { Kysely, Transaction } from 'kysely'
import { ACTIONS_FOR, type ModerationActionBody, type TargetType } from '../../../../shared/src/api/moderation.js'
import { appendModerationLog } from '../../anon/services/moderation-log.js'
import type { AnonDB } from '../../anon/tables.js'
import { dayOf } from '../../clock.js'
import type { AppContext } from '../../context.js'
import type { DB } from '../../db/schema.js'
import { AppError, NotFoundError } from '../../errors.js'
import { checkTargetId } from './targets.js'

export class InvalidActionError extends AppError {
  override name = 'InvalidActionError'
  constructor(action: string, type: string) {
    super(400, 'invalid_action', 'Not an action for this content', `\`${action}\` does not apply to ${type}.`)
  }
}
export class NoOpenAppealError extends AppError {
  override name = 'NoOpenAppealError'
  constructor() {
    super(409, 'no_open_appeal', 'No open appeal', 'Upholding or reversing decides an open appeal; this post has none.')
  }
}
export class DaysRequiredError extends AppError {
  override name = 'DaysRequiredError'
  constructor() {
    super(400, 'days_required', 'How many days?', '`suspend` needs `days`.')
  }
}

const MODERATED_TABLE = { feed_post: 'feedPost', feed_comment: 'feedComment', job: 'job', review: 'companyReview', interview: 'companyInterview' } as const

const addDays = (day: string, n: number) => dayOf(new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000))

type Logged = { action: string; targetType: string; targetId: string } | null

/**
 * POST /moderation/actions (moderators and admins): one decision, in one transaction — the
 * staff-side record (moderation_action: the moderator, the content, the reason, a private note),
 * the content's new state, and the public log entry (every action but `dismiss`). It names
 * content and a moderator, never an anonymous author: there is none to name.
 */
export async function moderate(ctx: AppContext, moderatorId: string, input: ModerationActionBody): Promise<{ logSeq: number | null }> {
  if (!ACTIONS_FOR[input.targetType].includes(input.action)) throw new InvalidActionError(input.action, input.targetType)
  if (input.action === 'suspend' && input.days === undefined) throw new DaysRequiredError()
  const targetId = checkTargetId(input.targetType, input.targetId)
  const now = ctx.clock.now()
  return ctx.db.transaction().execute(async (tx) => {
    const logged = await apply(tx, input, targetId, now)
    await tx
      .insertInto('moderationAction')
      .values({ id: crypto.randomUUID(), moderatorId, targetType: input.targetType, targetId, action: input.action, reason: input.reason, note: input.note?.trim() ?? '', createdAt: now })
      .execute()
    // The decision closes the reports and takedown requests made before it.
    await tx.updateTable('contentReport').set({ decided: true }).where('targetType', '=', input.targetType).where('targetId', '=', targetId).where('decided', '=', false).execute()
    await tx.updateTable('takedownRequest').set({ closedOn: dayOf(now) }).where('targetType', '=', input.targetType).where('targetId', '=', targetId).where('closedOn', 'is', null).execute()
    if (!logged) return { logSeq: null }
    const logSeq = await appendModerationLog(tx as unknown as Kysely<AnonDB>, { ...logged, reason: input.reason }, now)
    return { logSeq }
  })
}

async function apply(tx: Transaction<DB>, input: ModerationActionBody, targetId: string, now: Date): Promise<Logged> {
  const { action, targetType } = input
  if (action === 'dismiss') {
    await assertExists(tx, targetType, targetId)
    return null
  }
  if (action === 'suspend' || (action === 'restore' && (targetType === 'account' || targetType === 'profile'))) {
    const accountId = await authorOf(tx, targetType, targetId)
    const until = action === 'suspend' ? addDays(dayOf(now), input.days!) : null
    await tx.updateTable('account').set({ suspendedUntil: until }).where('id', '=', accountId).execute()
    // A suspension ends every session at once; sign-in is refused until the day (sign-in.ts).
    if (until) await tx.deleteFrom('session').where('accountId', '=', accountId).execute()
    return { action: action === 'suspend' ? 'suspend' : 'unsuspend', targetType: 'account', targetId: accountId }
  }
  if (targetType === 'talk_thread') {
    const t = await tx.updateTable('talkThread').set({ locked: action === 'lock' }).where('id', '=', targetId).returning('id').executeTakeFirst()
    if (!t) throw new NotFoundError('thread')
    return { action, targetType, targetId }
  }
  if (targetType === 'talk_post') {
    const post = await tx.selectFrom('talkPost').select(['id', 'moderation', 'moderationReason', 'deleted']).where('id', '=', targetId).forUpdate().executeTakeFirst()
    if (!post) throw new NotFoundError('post')
    if (action === 'uphold' || action === 'reverse') {
      const decided = await tx
        .updateTable('talkAppeal')
        .set({ outcome: action === 'uphold' ? 'upheld' : 'reversed', decidedOn: dayOf(now) })
        .where('postId', '=', targetId)
        .where('outcome', 'is', null)
        .returning('id')
        .executeTakeFirst()
      if (!decided) throw new NoOpenAppealError()
      if (action === 'reverse') await tx.updateTable('talkPost').set({ moderation: null, moderationReason: null }).where('id', '=', targetId).execute()
      return { action, targetType, targetId }
    }
    const state = action === 'restore' ? null : action === 'hide' ? 'hidden' : 'removed'
    await tx.updateTable('talkPost').set({ moderation: state, moderationReason: state ? input.reason : null }).where('id', '=', targetId).execute()
    return { action, targetType, targetId }
  }
  const table = MODERATED_TABLE[targetType as keyof typeof MODERATED_TABLE]
  const state = action === 'restore' ? null : action === 'hide' ? 'hidden' : 'removed'
  const row = await tx.updateTable(table).set({ moderation: state, moderationReason: state ? input.reason : null }).where('id', '=', targetId).returning('id').executeTakeFirst()
  if (!row) throw new NotFoundError(targetType.replace('_', ' '))
  return { action, targetType, targetId }
}

async function assertExists(tx: Transaction<DB>, type: TargetType, id: string): Promise<void> {
  if (type === 'talk_post' || type === 'talk_thread') {
    const found = type === 'talk_post' ? await tx.selectFrom('talkPost').select('id').where('id', '=', id).executeTakeFirst() : await tx.selectFrom('talkThread').select('id').where('id', '=', id).executeTakeFirst()
    if (!found) throw new NotFoundError(type.replace('_', ' '))
    return
  }
  if (type === 'review' || type === 'interview') {
    // Reviews and interview reports have no author to look up, and are not looked up at all: a
    // decision on an id that is not there changes no row (it is still logged; see the issue note).
    return
  }
  if (type === 'account' || type === 'profile' || type === 'message' || type in MODERATED_TABLE) {
    try {
      await authorOf(tx, type, id)
    } catch (err) {
      // A takedown or report of content since deleted is dismissed all the same.
      if (!(err instanceof NotFoundError) || type === 'account') throw err
    }
  }
}

/** The real-name account behind content (never Work Talk's: it has none). */
async function authorOf(tx: Transaction<DB>, type: TargetType, id: string): Promise<string> {
  const row = await (() => {
    switch (type) {
      case 'account':
        return tx.selectFrom('account').select('id as accountId').where('id', '=', id).executeTakeFirst()
      case 'profile':
        return tx.selectFrom('account').select('id as accountId').where('handle', '=', id).executeTakeFirst()
      case 'feed_post':
        return tx.selectFrom('feedPost').select('authorId as accountId').where('id', '=', id).executeTakeFirst()
      case 'feed_comment':
        return tx.selectFrom('feedComment').select('authorId as accountId').where('id', '=', id).executeTakeFirst()
      case 'job':
        return tx.selectFrom('job').select('postedBy as accountId').where('id', '=', id).executeTakeFirst()
      case 'message':
        return tx.selectFrom('message').select('senderId as accountId').where('id', '=', id).executeTakeFirst()
      default:
        throw new InvalidActionError('suspend', type)
    }
  })()
  if (!row?.accountId) throw new NotFoundError(type.replace('_', ' '))
  return row.accountId
}
