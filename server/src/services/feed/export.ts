import type { AccountExport } from '../../../../shared/src/api/account.js'
import { type AppContext, dayOf } from '../../context.js'

/** The export's feed part (services/accounts/export.ts): one's own posts, comments and likes. */
export async function exportFeed(ctx: AppContext, accountId: string): Promise<AccountExport['feed']> {
  const [posts, comments, likes] = await Promise.all([
    ctx.db
      .selectFrom('feedPost as p')
      .select((eb) => [
        'p.id',
        'p.body',
        'p.reshareOfId',
        'p.likeCount',
        'p.commentCount',
        'p.createdAt',
        'p.editedAt',
        eb.selectFrom('feedImage as i').select(eb.fn.countAll<string>().as('n')).whereRef('i.postId', '=', 'p.id').as('images'),
      ])
      .where('p.authorId', '=', accountId)
      .orderBy('p.createdAt')
      .orderBy('p.id')
      .execute(),
    ctx.db.selectFrom('feedComment').select(['postId', 'body', 'createdAt', 'editedAt']).where('authorId', '=', accountId).orderBy('createdAt').orderBy('id').execute(),
    ctx.db.selectFrom('feedLike').select(['postId', 'createdAt']).where('accountId', '=', accountId).orderBy('createdAt').orderBy('postId').execute(),
  ])
  return {
    posts: posts.map((p) => ({
      id: p.id,
      body: p.body,
      reshareOf: p.reshareOfId,
      images: Number(p.images ?? 0),
      likes: p.likeCount,
      comments: p.commentCount,
      createdAt: p.createdAt.toISOString(),
      editedAt: p.editedAt?.toISOString() ?? null,
    })),
    comments: comments.map((c) => ({ postId: c.postId, body: c.body, createdAt: c.createdAt.toISOString(), editedAt: c.editedAt?.toISOString() ?? null })),
    likes: likes.map((l) => ({ postId: l.postId, on: dayOf(l.createdAt) })),
  }
}
