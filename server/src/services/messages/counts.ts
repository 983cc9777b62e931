import { type Kysely, sql } from 'kysely'
import type { DB } from '../../db/schema.js'
import { goneByBlock } from './access.js'

/**
 * Unread messages: a member's messages after their `last_read_id` that someone else sent. Counted
 * in SQL for a whole page of conversations or members at once.
 */

/** Unread messages of each of these members in one conversation, and in all their active conversations. */
export async function unreadFor(db: Kysely<DB>, conversationId: string, accountIds: readonly string[]) {
  const ids = [...new Set(accountIds)]
  const out = new Map<string, { unread: number; total: number }>()
  if (!ids.length) return out
  const { rows } = await sql<{ member: string; unread: string; total: string }>`
    select cm.account_id as member,
      count(m.id) filter (where cm.conversation_id = ${conversationId}) as unread,
      count(m.id) filter (where cm.state = 'active' and not ${goneByBlock(sql.ref('cm.account_id'), sql.ref('cm.conversation_id'))}) as total
    from conversation_member cm
    left join message m on m.conversation_id = cm.conversation_id and m.id > cm.last_read_id and m.sender_id is distinct from cm.account_id
    where cm.account_id = any(${ids}::uuid[]) and cm.state <> 'declined'
    group by cm.account_id`.execute(db)
  for (const r of rows) out.set(r.member, { unread: Number(r.unread), total: Number(r.total) })
  return out
}

/** The viewer's unread count in each of these conversations. */
export async function unreadIn(db: Kysely<DB>, viewerId: string, conversationIds: readonly string[]): Promise<Map<string, number>> {
  if (!conversationIds.length) return new Map()
  const { rows } = await sql<{ conv: string; n: string }>`
    select cm.conversation_id as conv, count(m.id) as n
    from conversation_member cm
    join message m on m.conversation_id = cm.conversation_id and m.id > cm.last_read_id and m.sender_id is distinct from cm.account_id
    where cm.account_id = ${viewerId} and cm.conversation_id = any(${[...conversationIds]}::uuid[])
    group by cm.conversation_id`.execute(db)
  return new Map(rows.map((r) => [r.conv, Number(r.n)]))
}

/** The viewer's totals: unread messages in active conversations, and message requests waiting. */
export async function totalsOf(db: Kysely<DB>, viewerId: string): Promise<{ unreadTotal: number; requests: number }> {
  const { rows } = await sql<{ unread: string; requests: string }>`
    select
      (select count(m.id) from conversation_member cm
        join message m on m.conversation_id = cm.conversation_id and m.id > cm.last_read_id and m.sender_id is distinct from cm.account_id
        where cm.account_id = ${viewerId} and cm.state = 'active' and not ${goneByBlock(viewerId, sql.ref('cm.conversation_id'))}) as unread,
      (select count(*) from conversation_member cm join conversation c on c.id = cm.conversation_id
        where cm.account_id = ${viewerId} and cm.state = 'request' and c.last_message_id is not null and not ${goneByBlock(viewerId, sql.ref('c.id'))}) as requests`.execute(db)
  return { unreadTotal: Number(rows[0]!.unread), requests: Number(rows[0]!.requests) }
}
