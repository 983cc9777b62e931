import type { Static } from '@sinclair/typebox'
import type { ImageView, ModerationView, PollView, PostView, ThreadSummary } from '../../../shared/src/api/talk.js'
import type { TalkImageTable, TalkPollTable, TalkPostTable } from '../db/tables/talk.js'
import { authorParts, labelText } from '../anon/services/labels.js'
import type { Highlights, ThreadRow } from '../services/talk/reading.js'

/**
 * Work Talk rows → API shapes. This is the last wall before a reader: a post shows its label,
 * tag and pseudonym key, and nothing else exists to show — no account was ever stored.
 */
type Opening = Pick<TalkPostTable, 'label' | 'voice' | 'companySlug' | 'companyName'> & { authorKey: Buffer }
type Moderated = { moderation: 'held' | 'hidden' | 'removed' | null; moderationReason: string | null }

/**
 * A held, hidden or removed post shows nothing of its text or images — only the state, the rule
 * or reason, and the latest appeal, in its place (the author's browser shows its own copy).
 */
export function moderationView(p: Moderated, appeal: 'open' | 'upheld' | 'reversed' | null = null): Static<typeof ModerationView> | null {
  return p.moderation ? { state: p.moderation, reason: p.moderationReason ?? '', appeal } : null
}

export function threadSummary(t: ThreadRow, extras: { highlights: Highlights; imageCounts: Map<string, number> }): Static<typeof ThreadSummary> {
  const author = authorParts(t)
  const h = t.highlightPostId ? extras.highlights.get(t.highlightPostId) : undefined
  const highlightAuthor = h ? authorParts(h) : null
  const hidden = t.deleted || t.moderation !== null
  return {
    id: t.id,
    title: t.moderation !== null ? '' : t.title,
    channel: t.channel,
    authorLabel: labelText(author),
    author,
    authorKey: t.authorKey.toString('base64url'),
    openingPostId: t.openingId,
    createdAt: t.createdAt.toISOString(),
    lastPostAt: t.lastPostAt.toISOString(),
    replyCount: t.replyCount,
    score: t.score,
    excerpt: hidden ? '' : t.excerpt,
    highlight:
      h && highlightAuthor ? { postId: h.id, excerpt: h.excerpt, author: highlightAuthor, authorLabel: labelText(highlightAuthor), authorTag: h.authorTag, authorKey: h.authorKey.toString('base64url'), score: h.score } : null,
    hasPoll: t.hasPoll,
    imageCount: hidden ? 0 : (extras.imageCounts.get(t.openingId) ?? 0),
    openerNonce: t.openerNonce,
    locked: t.locked,
  }
}

export const imageUrl = (id: string) => `/api/v1/talk/images/${id}`

export function image(i: Pick<TalkImageTable, 'id' | 'mediaType' | 'width' | 'height'>): Static<typeof ImageView> {
  return { id: i.id, mediaType: i.mediaType, width: i.width, height: i.height, url: imageUrl(i.id) }
}

export function post(
  p: Opening & Moderated & { id: string; body: string; authorTag: string; createdAt: Date; editedAt: Date | null; revision: number; deleted: boolean; isOpening: boolean; score: number; ups: number; downs: number },
  images: readonly Pick<TalkImageTable, 'id' | 'mediaType' | 'width' | 'height'>[] = [],
  appeal: 'open' | 'upheld' | 'reversed' | null = null,
): Static<typeof PostView> {
  const author = authorParts(p)
  const hidden = p.deleted || p.moderation !== null
  return {
    id: p.id,
    body: hidden ? '' : p.body,
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
    images: hidden ? [] : images.map(image),
    moderation: moderationView(p, appeal),
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
