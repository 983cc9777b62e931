import { type ExpressionBuilder, type SqlBool, sql } from 'kysely'
import type { DB } from '../../db/schema.js'
import { notBlockedWith } from '../../policies/network.js'

/**
 * Members a viewer must not find: those who blocked the viewer or whom the viewer blocked
 * (DESIGN §5b blocks, "hides both ways") — the network policy's rule, in SQL. The one place search
 * asks, for people and their feed posts.
 */
export function excludeHidden(viewerId: string, accountColumn: 'searchPerson.accountId' | 'searchFeedPost.authorId') {
  return (_eb: ExpressionBuilder<DB, 'searchPerson'> | ExpressionBuilder<DB, 'searchFeedPost'>) => sql<SqlBool>`${notBlockedWith(viewerId, sql.ref(accountColumn))}`
}
