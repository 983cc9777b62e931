import type { Language } from '../../../shared/src/api/accounts.js'
import { BADGE } from '../../../shared/src/api/limits.js'
import { type AppContext, addDays, dayOf } from '../context.js'
import { expiryReminderMail } from '../mail/templates.js'
import { prunePasswordResets } from './accounts/password-reset.js'
import { keyDirectory } from './talk/keys.js'
import { pruneUnattachedImages } from './feed/images.js'
import { sendDigests } from './notifications/digest.js'
import { runJobAlerts } from './jobs/saved.js'
import { talkUpkeep } from './talk/upkeep.js'
import { REMINDER_DAYS } from './verifications/employments.js'
import { isCurrentEmployment } from './verifications/membership.js'

const DAY_MS = 24 * 60 * 60 * 1000

/**
 * Periodic upkeep, safe to run from several processes at once (every step is an idempotent
 * statement or claims its rows atomically):
 * - badge photos older than BADGE.keepDays are deleted, decided or not;
 * - verification codes are forgotten a day after they were asked for, with their outbox mails;
 * - expired password reset links are deleted;
 * - lapsed employments release their work-address HMAC;
 * - members whose verification lapses within REMINDER_DAYS get one reminder;
 * - the issuer keys the directory will list are made ahead (RSA key generation takes a while),
 *   including next week's on a week's last day;
 * - Work Talk's counters and spent tokens are pruned (services/talk/upkeep.ts);
 * - feed images no post took within FEED.images.unattachedKeepS are deleted;
 * - job alerts look at the jobs posted since they last looked (services/jobs/saved.ts);
 * - members with unread notifications of kinds they mail get their daily digest (at most one a
 *   UTC day, claimed per member: services/notifications/digest.ts).
 */
export async function runMaintenance(ctx: AppContext) {
  const now = ctx.clock.now()
  const today = dayOf(now)
  const photoCutoff = new Date(now.getTime() - BADGE.keepDays * DAY_MS)

  const photos = await ctx.db.deleteFrom('badgePhoto').where('storedAt', '<=', photoCutoff).executeTakeFirst()
  await ctx.db.updateTable('badgeSubmission').set({ status: 'expired', decidedOn: today }).where('status', '=', 'pending').where('submittedAt', '<=', photoCutoff).execute()

  const oldCodes = await ctx.db.deleteFrom('emailVerification').where('createdAt', '<=', new Date(now.getTime() - DAY_MS)).returning('id').execute()
  for (const { id } of oldCodes) ctx.mailer.discard(`verification-${id}`)

  const resetLinks = await prunePasswordResets(ctx)

  await ctx.db.updateTable('employment').set({ workEmailHmac: null }).where('workEmailHmac', 'is not', null).where('expiresOn', '<=', today).execute()

  const due = await ctx.db
    .updateTable('employment')
    .set({ reminderSent: true })
    .where('reminderSent', '=', false)
    .where((eb) => isCurrentEmployment(eb, today))
    .where('expiresOn', '<=', addDays(today, REMINDER_DAYS))
    .returning(['accountId', 'companyId', 'expiresOn'])
    .execute()
  let reminders = 0
  for (const e of due) {
    const who = await ctx.db
      .selectFrom('account')
      .innerJoin('company', (j) => j.on('company.id', '=', e.companyId))
      .select(['account.email', 'account.language', 'company.name'])
      .where('account.id', '=', e.accountId)
      .executeTakeFirst()
    if (!who) continue
    const mail = expiryReminderMail(who.language as Language, who.name, e.expiresOn, `${ctx.config.publicUrl.origin}/verify`)
    await ctx.mailer.send({ to: who.email, ...mail }).then(() => reminders++, () => {})
  }
  await keyDirectory(ctx)
  const talk = await talkUpkeep(ctx)
  const feedImagesDeleted = await pruneUnattachedImages(ctx)
  const jobAlerts = await runJobAlerts(ctx)
  const digests = await sendDigests(ctx)
  return { photosDeleted: Number(photos.numDeletedRows), codesForgotten: oldCodes.length, resetLinksDeleted: resetLinks, reminders, feedImagesDeleted, jobAlerts, digests, ...talk }
}

/** Runs maintenance now and every `everyMs` (unref'd: it never keeps the process alive). */
/**
 * Runs maintenance now and every `everyMs`; the function it returns stops it and resolves once a
 * pass under way has finished, so a shutdown does not close the database under it.
 */
export function startMaintenance(ctx: AppContext, onError: (err: unknown) => void, everyMs = 10 * 60 * 1000): () => Promise<void> {
  let running: Promise<void> = Promise.resolve()
  const run = () => {
    running = runMaintenance(ctx).then(() => undefined, onError)
  }
  run()
  const timer = setInterval(run, everyMs)
  timer.unref()
  return () => {
    clearInterval(timer)
    return running
  }
}
