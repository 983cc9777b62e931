import { sql } from 'kysely'
import type { AnonContext } from '../context.js'
import type { PendingWrite } from './pending.js'

/**
 * After a window that edited or deleted posts: make the old text go from the heap, not only from
 * the live row (DESIGN §4 — an UPDATE leaves the old row version, text and all, in its page).
 *
 * 1. VACUUM removes the old versions. The window wrote each new version with a `pad` as long as
 *    the text it replaced (body and, on an opening post, the thread's title), so when VACUUM compacts a page the new version is moved over the old
 *    one and overwrites its bytes (a shorter new version would leave the old text's first bytes
 *    in the page's free space).
 * 2. The pads are emptied, and VACUUM runs again for the padded versions.
 *
 * What this cannot reach is said in docs/THREAT-MODEL.md: the WAL (until its segment is
 * recycled), backups, a new version that did not fit on its page, and TOAST chunks of long texts.
 * A transaction still running when VACUUM looks keeps old versions alive; maintenance vacuums
 * these tables again every few minutes.
 */
export async function scrub(ctx: Pick<AnonContext, 'db'>, changed: PendingWrite[]): Promise<void> {
  const postIds = [...new Set(changed.map((w) => w.postId))]
  await vacuum(ctx)
  await ctx.db.updateTable('talkPost').set({ pad: '' }).where('id', 'in', postIds).where('pad', '<>', '').execute()
  await vacuum(ctx)
  const openings = await ctx.db.selectFrom('talkPost').select('id').where('id', 'in', postIds).where('isOpening', '=', true).limit(1).execute()
  if (openings.length) await rebuildSearchIndex(ctx)
}

/**
 * 3. The search index (talk_post.search, written with the post): VACUUM takes a deleted or edited
 *    thread's row out of its posting lists, but a GIN index never removes a key — a word that was
 *    only in the old text would stay in the index's pages. Rebuilding the index (CONCURRENTLY:
 *    reads and windows go on meanwhile) leaves only the words of live threads; the old index's
 *    file is removed. Like the heap, the WAL keeps what was written until its segment is recycled.
 */
export async function rebuildSearchIndex(ctx: Pick<AnonContext, 'db'>): Promise<void> {
  await sql`reindex index concurrently talk_post_search_idx`.execute(ctx.db)
}

/**
 * SKIP_LOCKED: another process vacuuming the same table at this moment does the work for us.
 * talk_post holds text and talk_image the images of deleted posts (and their TOAST chunks);
 * talk_thread, talk_vote and talk_poll are vacuumed for their counters' dead versions.
 */
export async function vacuum(ctx: Pick<AnonContext, 'db'>): Promise<void> {
  await sql`vacuum (skip_locked) talk_post, talk_thread, talk_image, talk_vote, talk_poll`.execute(ctx.db)
}
