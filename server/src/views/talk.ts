import type { Static } from '@sinclair/typebox'
import type { ImageView, PollView, PostView, ThreadSummary } from '../../../shared/src/api/talk.js'
import type { TalkImageTable, TalkPollTable, TalkPostTable } from '../db/tables/talk.js'
import { authorParts, labelText } from '../anon/services/labels.js'
import type { Highlights, ThreadRow } from '../services/talk/reading.js'

/**
 * Work Talk rows → API shapes. This is the last wall before a reader: a post shows its label,
 * tag and pseudonym key, and nothing else exists to show — no account was ever stored.
 */
type Opening = Pick<TalkPostTable, 'label' | 'voice' | 'companySlug' | 'companyName'> & { authorKey: Buffer }

export function threadSummary(t: ThreadRow, extras: { highlights: Highlights; imageCounts: Map<string, number> }): Static<typeof ThreadSummary> {
  const author = authorParts(t)
  const h = t.highlightPostId ? extras.highlights.get(t.highlightPostId) : undefined
  const highlightAuthor = h ? authorParts(h) : null
  return {
    id: t.id,
    title: t.title,
    channel: t.channel,
    authorLabel: labelText(author),
    author,
    authorKey: t.authorKey.toString('base64url'),
    openingPostId: t.openingId,
    createdAt: t.createdAt.toISOString(),
    lastPostAt: t.lastPostAt.toISOString(),
    replyCount: t.replyCount,
    score: t.score,
    excerpt: t.deleted ? '' : t.excerpt,
    highlight:
      h && highlightAuthor ? { postId: h.id, excerpt: h.excerpt, author: highlightAuthor, authorLabel: labelText(highlightAuthor), authorTag: h.authorTag, authorKey: h.authorKey.toString('base64url'), score: h.score } : null,
    hasPoll: t.hasPoll,
    imageCount: t.deleted ? 0 : (extras.imageCounts.get(t.openingId) ?? 0),
    openerNonce: t.openerNonce,
  }
}

export const imageUrl = (id: string) => `/api/v1/talk/images/${id}`

export function image(i: Pick<TalkImageTable, 'id' | 'mediaType' | 'width' | 'height'>): Static<typeof ImageView> {
  return { id: i.id, mediaType: i.mediaType, width: i.width, height: i.height, url: imageUrl(i.id) }
}

export function post(
  p: Opening & { id: string; body: string; authorTag: string; createdAt: Date; editedAt: Date | null; revision: number; deleted: boolean; isOpening: boolean; score: number; ups: number; downs: number },
  images: readonly Pick<TalkImageTable, 'id' | 'mediaType' | 'width' | 'height'>[] = [],
): Static<typeof PostView> {
  const author = authorParts(p)
  return {
    id: p.id,
    body: p.deleted ? '' : p.body,
    authorLabel: labelText(author),
    author,
    authorTag: p.authorTag,
    authorKey: p.authorKey.toString('base64url'),
    createdAt: p.createdAt.toISOString(),
    editedAt: p.editedAt?.toISOString() ?? null,
    revision: p.revision,
    deleted: p.deleted,
    isOpening: p.isOpening,
    score: p.score,
    ups: p.ups,
    downs: p.downs,
    images: p.deleted ? [] : images.map(image),
  }
}

export function poll(p: Pick<TalkPollTable, 'options' | 'counts' | 'closesAt'>, now: Date): Static<typeof PollView> {
  return {
    options: p.options,
    counts: p.counts,
    total: p.counts.reduce((a, b) => a + b, 0),
    closesAt: p.closesAt.toISOString(),
    closed: p.closesAt.getTime() <= now.getTime(),
  }
}
