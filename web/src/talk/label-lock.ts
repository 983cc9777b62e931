import type { Static } from '@sinclair/typebox'
import type { AuthorView, PostView } from '../../../shared/src/api/talk.js'
import type { OutboxItem } from './outbox.js'
import { findVoice, voiceId, type Voice } from './voices.js'

type Author = Static<typeof AuthorView>

/**
 * DESIGN §3, the label lock: within one thread a pseudonym keeps the label it first posted with
 * (the server refuses another with 409 label_mismatch). A second label on the same key would tell
 * readers more than either alone ("Quiet Heron" is an employee of X), so the composer fixes it.
 * `voiceId` null: that label is no longer available to this member (a verification lapsed).
 */
export type LabelLock =
  | { label: 'alias' }
  | { label: 'company'; voiceId: string | null; author: Author }

function voiceIdOf(author: Author, shared: Voice | null): string {
  if (author.kind === 'employee' && author.company) return voiceId(author.company.slug, 'talk')
  if (author.kind === 'former' && author.company) return voiceId(author.company.slug, 'talk-former')
  // "Verified professional" is the null key of either purpose; the server compares only the label.
  return shared?.id ?? voiceId(null, 'talk')
}

/**
 * The lock in a thread, if this browser's posting key already posted there: stored posts (the
 * thread as read) first, then writes of ours still on their way (they bind the label too).
 */
export function labelLock(args: {
  posts: readonly Static<typeof PostView>[]
  postingKey: string | undefined
  local: readonly OutboxItem[]
  voices: readonly Voice[]
  shared: Voice | null
}): LabelLock | null {
  const { posts, postingKey, local, voices, shared } = args
  const stored = postingKey ? posts.find((p) => p.authorKey === postingKey) : undefined
  if (stored) {
    if (stored.author.kind === 'alias') return { label: 'alias' }
    const id = voiceIdOf(stored.author, shared)
    return { label: 'company', voiceId: findVoice(voices, shared, id) ? id : null, author: stored.author }
  }
  const pending = local.find((p) => (p.kind === 'reply' || p.kind === 'thread') && p.state !== 'failed')
  if (!pending) return null
  if (pending.label === 'alias') return { label: 'alias' }
  const voice = findVoice(voices, shared, pending.voiceId)
  const author: Author = voice ? { kind: voice.kind, company: voice.company, alias: null } : { kind: 'professional', company: null, alias: null }
  return { label: 'company', voiceId: voice ? voice.id : null, author }
}
