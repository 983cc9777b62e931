import type { Static } from '@sinclair/typebox'
import type { PostView, ThreadSummary } from '../../../shared/src/api/talk.js'
import type { TalkPostTable, TalkThreadTable } from '../db/tables/talk.js'
import { authorParts, labelText } from '../anon/services/labels.js'

/**
 * Work Talk rows → API shapes. This is the last wall before a reader: a post shows its label,
 * tag and pseudonym key, and nothing else exists to show — no account was ever stored.
 */
type Opening = Pick<TalkPostTable, 'label' | 'voice' | 'companySlug' | 'companyName'> & { authorKey: Buffer }

export function threadSummary(
  t: Pick<TalkThreadTable, 'channel' | 'createdAt' | 'lastPostAt' | 'openerNonce'> & { id: string; replyCount: number; score: number },
  opening: Opening & { title: string },
): Static<typeof ThreadSummary> {
  const author = authorParts(opening)
  return {
    id: t.id,
    title: opening.title,
    channel: t.channel,
    authorLabel: labelText(author),
    author,
    createdAt: t.createdAt.toISOString(),
    lastPostAt: t.lastPostAt.toISOString(),
    replyCount: t.replyCount,
    score: t.score,
    openerNonce: t.openerNonce,
  }
}

export function post(p: Opening & { id: string; body: string; authorTag: string; createdAt: Date; editedAt: Date | null; revision: number; deleted: boolean; isOpening: boolean }): Static<typeof PostView> {
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
  }
}
