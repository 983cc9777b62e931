import crypto from 'node:crypto'
import { sql } from 'kysely'
import type { Language } from '../../../../shared/src/api/accounts.js'
import { DEFAULT_EMAIL_KINDS, type EmailKinds } from '../../../../shared/src/api/digest.js'
import { DIGEST } from '../../../../shared/src/api/limits.js'
import { NOTIFICATION_KINDS, type NotificationKind } from '../../../../shared/src/api/notifications.js'
import type { AppContext } from '../../context.js'
import { dayOf } from '../../context.js'
import { AppError } from '../../errors.js'
import { type DigestItem, digestMail } from '../../mail/templates.js'

export class BadUnsubscribeTokenError extends AppError {
  override name = 'BadUnsubscribeTokenError'
  constructor() {
    super(400, 'bad_unsubscribe_token', 'Bad unsubscribe link', 'This unsubscribe link is not valid.')
  }
}

const defaults = (): string[] => [...DEFAULT_EMAIL_KINDS]
const asObject = (kinds: readonly string[]): EmailKinds => Object.fromEntries(NOTIFICATION_KINDS.map((k) => [k, kinds.includes(k)])) as EmailKinds

/** The member's e-mail choice; no row: the defaults (invitations and message requests). */
export async function getEmailKinds(ctx: AppContext, accountId: string): Promise<EmailKinds> {
  const row = await ctx.db.selectFrom('notificationMail').select('kinds').where('accountId', '=', accountId).executeTakeFirst()
  return asObject(row?.kinds ?? defaults())
}

export async function setEmailKinds(ctx: AppContext, accountId: string, email: EmailKinds): Promise<EmailKinds> {
  const current = await getEmailKinds(ctx, accountId)
  const kinds = NOTIFICATION_KINDS.filter((k) => (email[k] as boolean | undefined) ?? current[k])
  await ctx.db
    .insertInto('notificationMail')
    .values({ accountId, kinds })
    .onConflict((oc) => oc.column('accountId').doUpdateSet({ kinds }))
    .execute()
  return asObject(kinds)
}

const PURPOSE = 'digest'

/** `<account id>.<HMAC(account id, purpose)>`: needs no row, and works until the server secret changes. */
export function unsubscribeToken(ctx: AppContext, accountId: string): string {
  return `${accountId}.${ctx.secrets.hmac('unsubscribe', `${accountId}\n${PURPOSE}`).toString('base64url')}`
}

/** One-click unsubscribe (RFC 8058): every kind off. A forged or malformed token: 400 `bad_unsubscribe_token`. */
export async function unsubscribe(ctx: AppContext, token: string): Promise<void> {
  const dot = token.indexOf('.')
  const accountId = token.slice(0, dot)
  if (dot < 1 || !/^[0-9a-f-]{36}$/.test(accountId)) throw new BadUnsubscribeTokenError()
  const expected = Buffer.from(unsubscribeToken(ctx, accountId))
  const given = Buffer.from(token)
  if (expected.length !== given.length || !crypto.timingSafeEqual(expected, given)) throw new BadUnsubscribeTokenError()
  // An account that is gone has nothing to turn off (the foreign key would refuse the row): same answer.
  const exists = await ctx.db.selectFrom('account').select('id').where('id', '=', accountId).executeTakeFirst()
  if (exists) await setEmailKinds(ctx, accountId, asObject([]))
}

/** The app link a notification of this kind points to (as the Notifications page does). */
function itemUrl(origin: string, kind: string, targetId: string | null, actorHandle: string | null): string {
  switch (kind) {
    case 'invitation':
      return `${origin}/network`
    case 'acceptance':
      return actorHandle ? `${origin}/in/${encodeURIComponent(actorHandle)}` : `${origin}/network`
    case 'message':
      return targetId ? `${origin}/messages/${encodeURIComponent(targetId)}` : `${origin}/messages`
    case 'verification':
      return `${origin}/verify`
    case 'application':
      return `${origin}/jobs/inbox`
    case 'application_status':
      return `${origin}/jobs/applications`
    case 'job_alert':
      return targetId ? `${origin}/jobs/${encodeURIComponent(targetId)}` : `${origin}/jobs`
    default:
      return targetId ? `${origin}/posts/${encodeURIComponent(targetId)}` : `${origin}/notifications`
  }
}

/**
 * The daily digest, from maintenance. A member is due when they have unread notifications of
 * kinds they mail, newer than their last digest, and no digest yet this UTC day. Each due member's
 * day is claimed by one conditional upsert — a second process (or run) that day claims nothing —
 * then their notifications are loaded in one query for all claimed members, and one mail each is
 * sent. A mail that fails is not retried that day (the day is claimed before sending, so that no
 * member is ever mailed twice). Returns how many digests were sent.
 */
export async function sendDigests(ctx: AppContext): Promise<number> {
  const today = dayOf(ctx.clock.now())
  const dflt = defaults()
  const due = await ctx.db
    .selectFrom('notification as n')
    .leftJoin('notificationMail as m', 'm.accountId', 'n.recipientId')
    .select('n.recipientId')
    .distinct()
    .where('n.read', '=', false)
    .where(sql<boolean>`n.id > coalesce(m.digested_through, 0)`)
    .where((eb) => eb.or([eb('m.lastDigestOn', 'is', null), eb('m.lastDigestOn', '<', today)]))
    .where(sql<boolean>`n.kind = any(coalesce(m.kinds, ${sql.val(dflt)}::text[]))`)
    .limit(DIGEST.membersPerRun)
    .execute()
  if (due.length === 0) return 0

  const claimed = await ctx.db
    .insertInto('notificationMail')
    .values(due.map((d) => ({ accountId: d.recipientId, kinds: dflt, lastDigestOn: today })))
    .onConflict((oc) =>
      oc
        .column('accountId')
        .doUpdateSet({ lastDigestOn: today })
        .where((eb) => eb.or([eb('notificationMail.lastDigestOn', 'is', null), eb('notificationMail.lastDigestOn', '<', today)])),
    )
    .returning('accountId')
    .execute()
  const ids = claimed.map((c) => c.accountId)
  if (ids.length === 0) return 0

  const [rows, recipients] = await Promise.all([
    ctx.db
      .selectFrom('notification as n')
      .innerJoin('notificationMail as m', 'm.accountId', 'n.recipientId')
      .leftJoin('account as a', 'a.id', 'n.actorId')
      .select(['n.id', 'n.recipientId', 'n.kind', 'n.targetId', 'n.data', 'a.name as actorName', 'a.handle as actorHandle'])
      .where('n.recipientId', 'in', ids)
      .where('n.read', '=', false)
      .where(sql<boolean>`n.id > m.digested_through`)
      .where(sql<boolean>`n.kind = any(m.kinds)`)
      .orderBy('n.id', 'desc')
      .execute(),
    ctx.db.selectFrom('account').select(['id', 'email', 'language']).where('id', 'in', ids).execute(),
  ])

  const origin = ctx.config.publicUrl.origin
  let sent = 0
  for (const r of recipients) {
    const mine = rows.filter((n) => n.recipientId === r.id)
    if (mine.length === 0) continue
    const through = mine.reduce((max, n) => (BigInt(n.id) > max ? BigInt(n.id) : max), 0n)
    await ctx.db.updateTable('notificationMail').set({ digestedThrough: through.toString() }).where('accountId', '=', r.id).execute()
    const items: DigestItem[] = mine.slice(0, DIGEST.maxItems).map((n) => {
      const data = (n.data ?? {}) as { approved?: boolean; company?: string }
      return { kind: n.kind as NotificationKind, actorName: n.actorName, company: data.company ?? null, approved: data.approved ?? null, url: itemUrl(origin, n.kind, n.targetId, n.actorHandle) }
    })
    const token = unsubscribeToken(ctx, r.id)
    const oneClick = `${origin}/api/v1/unsubscribe?token=${token}`
    const mail = digestMail(r.language as Language, items, mine.length - items.length, {
      notifications: `${origin}/notifications`,
      settings: `${origin}/settings`,
      unsubscribe: `${origin}/unsubscribe?token=${token}`,
    })
    await ctx.mailer
      .send({ to: r.email, ...mail, headers: { 'List-Unsubscribe': `<${oneClick}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } })
      .then(
        () => sent++,
        (err: unknown) => ctx.live.log.warn({ err: { message: (err as Error).message } }, 'a digest mail could not be sent'),
      )
  }
  return sent
}
