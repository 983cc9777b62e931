import { sql } from 'kysely'
import { FEED } from '../../../../shared/src/api/limits.js'
import type { AppContext } from '../../context.js'
import { feedVisibleTo } from '../../policies/feed.js'

/** "@handle" not preceded by a letter, digit or "@" (so an e-mail address mentions nobody). */
const MENTION = /(?<![\p{L}\p{N}_@.])@([a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?)(?![a-z0-9-]*@)/giu

/** The handles a text mentions, lower-cased, first occurrence order, at most FEED.mentionsPerText. */
export function mentionedHandles(text: string): string[] {
  const out = new Set<string>()
  for (const m of text.matchAll(MENTION)) {
    out.add(m[1]!.toLowerCase())
    if (out.size >= FEED.mentionsPerText) break
  }
  return [...out]
}

/** The members a text mentions: handles that exist, not the writer, no block between them and the writer. */
export async function resolveMentions(ctx: AppContext, writerId: string, text: string, previousText = ''): Promise<string[]> {
  const before = new Set(mentionedHandles(previousText))
  const handles = mentionedHandles(text).filter((h) => !before.has(h))
  if (handles.length === 0) return []
  const rows = await ctx.db
    .selectFrom('account')
    .select('id')
    .where('handle', 'in', handles)
    .where('id', '<>', writerId)
    .where(feedVisibleTo(writerId, sql.ref('account.id')))
    .execute()
  return rows.map((r) => r.id)
}
