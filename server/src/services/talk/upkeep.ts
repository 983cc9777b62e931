import { sql } from 'kysely'
import { previousEpochOf } from '../../../../shared/src/talk/epochs.js'
import { pruneUnattachedImages } from '../../anon/services/images.js'
import { vacuum } from '../../anon/services/scrub.js'
import { recomputeSalaryCells, salaryCellsDue } from '../../anon/services/salary-cells.js'
import { pruneRateLimits } from '../limits/rate-limits.js'
import type { AppContext } from '../../context.js'
import { pruneDirectoryDocuments } from './directory.js'
import { DIRECTORY_PURPOSES } from './keys.js'

/**
 * A spent token is kept while it could still be redeemed: a `talk` token is valid in its key's
 * week and the next, and the next week's key is handed out a day early — 15 days at most, plus a
 * day of margin. A yearly key's token (reviews, salaries, interviews) lives up to two years and a
 * day the same way.
 */
export const SPENT_TOKEN_KEEP_DAYS = 16
export const LONG_LIVED_SPENT_TOKEN_KEEP_DAYS = 2 * 366 + 2

/**
 * Work Talk's share of maintenance:
 * - issuance counters go once their key's tokens have expired (the key is older than the
 *   previous epoch): nothing is left of who drew from a key nobody can spend any more;
 * - spent tokens go once they could no longer be replayed;
 * - old directory documents go;
 * - uploads no post attached within the hour go;
 * - salary cells are recomputed once a UTC day (anon/services/salary-cells.ts);
 * - the post tables are vacuumed, for overwritten text a busy moment kept alive (anon/services/scrub.ts).
 */
export async function talkUpkeep(ctx: AppContext): Promise<{ issuanceRows: number; spentTokens: number; unattachedImages: number; rateLimits: number }> {
  const now = ctx.clock.now()
  let issuanceRows = 0
  for (const purpose of DIRECTORY_PURPOSES) {
    const oldest = previousEpochOf(purpose, now)
    const res = await ctx.db
      .deleteFrom('talkIssuance')
      .where('keyId', 'in', ctx.db.selectFrom('talkIssuerKey').select('keyId').where('purpose', '=', purpose).where('epoch', '<', oldest))
      .executeTakeFirst()
    issuanceRows += Number(res.numDeletedRows)
  }
  const cutoff = new Date(now.getTime() - SPENT_TOKEN_KEEP_DAYS * 24 * 60 * 60 * 1000)
  const longCutoff = new Date(now.getTime() - LONG_LIVED_SPENT_TOKEN_KEEP_DAYS * 24 * 60 * 60 * 1000)
  const spent = await ctx.db
    .deleteFrom('talkSpentToken')
    .where((eb) => eb.or([eb.and([eb('longLived', '=', false), eb('spentAt', '<', cutoff)]), eb('spentAt', '<', longCutoff)]))
    .executeTakeFirst()
  await pruneDirectoryDocuments(ctx)
  const images = await pruneUnattachedImages(ctx.anon)
  if (await salaryCellsDue(ctx.anon.db, now)) await recomputeSalaryCells(ctx.anon.db, now)
  await vacuum(ctx.anon)
  await sql`vacuum (skip_locked) talk_issuance`.execute(ctx.db)
  return { issuanceRows, spentTokens: Number(spent.numDeletedRows), unattachedImages: images, rateLimits: await pruneRateLimits(ctx) }
}
