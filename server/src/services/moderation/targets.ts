import type { Kysely } from 'kysely'
import type { RealNameTarget, TargetType } from '../../../../shared/src/api/moderation.js'
import type { DB } from '../../db/schema.js'
import { NotFoundError, ValidationError } from '../../errors.js'

/**
 * What a moderation target id names, checked to its shape before it reaches SQL: uuids for
 * posts, comments, jobs, accounts and Work Talk content, a number for a message, a handle for a
 * profile. One owner of the rule for reports, takedowns and actions.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const SHAPES: Record<TargetType, RegExp> = {
  talk_post: UUID,
  talk_thread: UUID,
  feed_post: UUID,
  feed_comment: UUID,
  job: UUID,
  review: UUID,
  interview: UUID,
  account: UUID,
  message: /^[1-9][0-9]{0,17}$/,
  profile: /^[a-z0-9][a-z0-9-]{0,38}$/i,
}

export function checkTargetId(type: TargetType, id: string): string {
  if (!SHAPES[type].test(id)) throw new ValidationError(`/targetId: not a ${type} id`, [{ field: '/targetId', message: `not a ${type} id` }])
  return type === 'profile' ? id.toLowerCase() : id
}

/** Real-name content that exists and the reporter can see; a message only in the reporter's own conversation. */
export async function reportedContent(db: Kysely<DB>, reporterId: string, type: RealNameTarget, id: string): Promise<{ authorId: string | null; copy: string | null }> {
  const found = await (async () => {
    switch (type) {
      case 'feed_post':
        return db.selectFrom('feedPost').select(['authorId']).where('id', '=', id).executeTakeFirst()
      case 'feed_comment':
        return db.selectFrom('feedComment').select(['authorId']).where('id', '=', id).executeTakeFirst()
      case 'job':
        return db.selectFrom('job').select(['postedBy as authorId']).where('id', '=', id).executeTakeFirst()
      case 'profile':
        return db.selectFrom('account').select(['id as authorId']).where('handle', '=', id).executeTakeFirst()
      // Anonymous records: no author is stored, so none is returned (and none can be "own content").
      case 'review':
        return db.selectFrom('companyReview').select((eb) => eb.val<string | null>(null).as('authorId')).where('id', '=', id).executeTakeFirst()
      case 'interview':
        return db.selectFrom('companyInterview').select((eb) => eb.val<string | null>(null).as('authorId')).where('id', '=', id).executeTakeFirst()
      case 'message': {
        const m = await db
          .selectFrom('message')
          .innerJoin('conversationMember', (j) => j.onRef('conversationMember.conversationId', '=', 'message.conversationId').on('conversationMember.accountId', '=', reporterId))
          .select(['message.senderId as authorId', 'message.body'])
          .where('message.id', '=', id)
          .executeTakeFirst()
        return m && { authorId: m.authorId, copy: m.body }
      }
    }
  })()
  if (!found) throw new NotFoundError(type.replace('_', ' '))
  return { authorId: found.authorId, copy: 'copy' in found ? (found.copy as string) : null }
}
