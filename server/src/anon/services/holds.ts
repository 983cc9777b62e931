import { type Kysely, sql } from 'kysely'
import { MODERATION } from '../../../../shared/src/api/limits.js'
import { checkText, holdingRule } from '../../../../shared/src/moderation/checks.js'
import type { AnonContext } from '../context.js'
import type { AnonDB } from '../tables.js'
import { appendModerationLog } from './moderation-log.js'

/**
 * Automated checks before publishing (issue 11), on the anonymous side: a new post or an edit
 * whose text trips a rule of shared/src/moderation (personal data, profanity, link spam) or
 * repeats a text posted `repeatedText.count - 1` times already in the last day is stored
 * **held**: readers see "held for review" in its place, the author's browser shows its own text
 * with the rule, a moderator releases or removes it, and the author may appeal. Nothing here
 * knows who wrote anything: the repeat is found by content alone.
 */
export type HoldRule = NonNullable<ReturnType<typeof holdingRule>> | 'repeated_text'

/** The rule a text is held for by the pure checks (the repeat needs the database: repeatRule). */
export function textRule(ctx: AnonContext, title: string, body: string): HoldRule | null {
  const text = title ? `${title}\n${body}` : body
  return holdingRule(checkText(text, { extraTerms: ctx.config.blockedTerms }))
}

/**
 * The normalised text, as one SQL expression for a stored body and for the incoming one alike, so
 * both go through the same functions (talk_post_repeat_idx indexes it).
 */
const normalised = (text: ReturnType<typeof sql>) => sql`md5(btrim(lower(regexp_replace(normalize(${text}, NFKC), '\\s+', ' ', 'g'))))`

/** `repeated_text` when this body would be the `count`-th identical one within the window. */
export async function repeatRule(tx: Kysely<AnonDB>, body: string, at: Date, exceptPostId?: string): Promise<'repeated_text' | null> {
  const r = MODERATION.repeatedText
  if ([...body.normalize('NFKC').replace(/\s+/gu, ' ').trim()].length < r.minLength) return null
  const since = new Date(at.getTime() - r.windowH * 3_600_000)
  const { n } = await sql<{ n: string }>`
    select count(*) as n from talk_post
    where ${normalised(sql`body`)} = ${normalised(sql`${body}::text`)}
      and created_at >= ${since} and not deleted
      ${exceptPostId ? sql`and id <> ${exceptPostId}::uuid` : sql``}`
    .execute(tx)
    .then((res) => res.rows[0]!)
  return Number(n) + 1 >= r.count ? 'repeated_text' : null
}

/** Holds a stored post for `rule` and says so in the public log (day, 'hold', rule, the post). */
export async function logHold(tx: Kysely<AnonDB>, postId: string, rule: string, at: Date): Promise<void> {
  await appendModerationLog(tx, { action: 'hold', reason: rule, targetType: 'talk_post', targetId: postId }, at)
}

/** An edit that clears a held post's text: published, and the log says it was released. */
export async function logRelease(tx: Kysely<AnonDB>, postId: string, rule: string, at: Date): Promise<void> {
  await appendModerationLog(tx, { action: 'release', reason: rule, targetType: 'talk_post', targetId: postId }, at)
}
