import type { Selectable } from 'kysely'
import type { FeedAuthor, FeedComment, FeedPost, ResharedPost } from '../../../shared/src/api/feed.js'
import type { FeedCommentTable, FeedPostTable } from '../db/tables/feed.js'
import { photoUrls } from '../services/profiles/photos.js'
import { contentModerationOf } from './moderation.js'

export interface AuthorRow {
  id: string
  handle: string
  name: string
  headline: string
  photoId: string | null
}
export interface ImageRow {
  id: string
  width: number
  height: number
}
type PostRow = Selectable<FeedPostTable>

export interface Hydrated {
  authors: Map<string, AuthorRow>
  images: Map<string, ImageRow[]>
  liked: Set<string>
  /** Originals of reshares that the viewer may see. */
  originals: Map<string, PostRow>
}

export const feedImageUrl = (id: string) => `/api/v1/feed/images/${id}`

/** The member's card as the feed shows it: what every list shows (name, handle, headline), and the avatar. */
export function feedAuthor(a: AuthorRow | undefined): FeedAuthor {
  return { handle: a?.handle ?? '', name: a?.name ?? '', headline: a?.headline ?? '', avatarUrl: photoUrls(a?.photoId ?? null).avatarUrl }
}

function postCore(r: PostRow, viewerId: string, h: Hydrated): ResharedPost {
  const moderation = contentModerationOf(r)
  return {
    id: r.id,
    author: feedAuthor(h.authors.get(r.authorId)),
    body: moderation ? '' : r.body,
    images: moderation ? [] : (h.images.get(r.id) ?? []).map((i) => ({ id: i.id, url: feedImageUrl(i.id), width: i.width, height: i.height })),
    createdAt: r.createdAt.toISOString(),
    editedAt: r.editedAt ? r.editedAt.toISOString() : null,
    likeCount: r.likeCount,
    commentCount: r.commentCount,
    reshareCount: r.reshareCount,
    liked: h.liked.has(r.id),
    mine: r.authorId === viewerId,
    moderation,
  }
}

export function presentPost(r: PostRow, viewerId: string, h: Hydrated): FeedPost {
  let reshare: FeedPost['reshare'] = null
  if (r.isReshare) {
    const original = r.reshareOfId ? h.originals.get(r.reshareOfId) : undefined
    reshare = original ? { available: true, post: postCore(original, viewerId, h) } : { available: false }
  }
  return { ...postCore(r, viewerId, h), reshare }
}

export function presentComment(c: Selectable<FeedCommentTable>, viewerId: string, postAuthorId: string, authors: Map<string, AuthorRow>): FeedComment {
  return {
    id: c.id,
    postId: c.postId,
    parentId: c.parentId,
    author: feedAuthor(authors.get(c.authorId)),
    body: c.moderation ? '' : c.body,
    createdAt: c.createdAt.toISOString(),
    editedAt: c.editedAt ? c.editedAt.toISOString() : null,
    mine: c.authorId === viewerId,
    canDelete: c.authorId === viewerId || postAuthorId === viewerId,
    moderation: contentModerationOf(c),
  }
}
