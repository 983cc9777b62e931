import { type ExpressionBuilder, type SqlBool, sql } from 'kysely'
import type { DB } from '../../db/schema.js'

/**
 * Members a viewer must not find: those who blocked the viewer or whom the viewer blocked
 * (DESIGN §5b blocks, "hides both ways"). The one place search asks, for people (and, once the feed
 * exists, their posts).
 *
 * @TODO blocks arrive with the network part of issue 9: this then becomes
 * `not exists (select 1 from block where (blocker_id = viewer and blocked_id = account) or (blocker_id = account and blocked_id = viewer))`
 * — or, better, a call to that part's own policy. Until then nobody is hidden.
 */
export function excludeHidden(_viewerId: string, _accountColumn: 'searchPerson.accountId' | 'searchFeedPost.authorId') {
  return (_eb: ExpressionBuilder<DB, 'searchPerson'> | ExpressionBuilder<DB, 'searchFeedPost'>) => sql<SqlBool>`true`
}
