import { useTranslation } from 'react-i18next'
import type { OutboxItem } from '../../talk/outbox.js'
import type { Voice } from '../../talk/voices.js'
import { useTalkState } from '../../talk/talk-context.js'
import { findVoice } from '../../talk/voices.js'
import type { Post } from './PostItem.js'
import { voiceLabel } from './author.js'
import { Markdown } from './Markdown.js'
import { OutboxStatus } from './OutboxStatus.js'
import { LocalImages } from './thread/LocalImages.js'

/**
 * A post of this browser shown from its local copy (DESIGN §2: no session read right after an
 * anonymous write), with its label as readers will see it and its state: "Publishing at about …",
 * "Publishing…", "Published". The thread's next read replaces it with the server's copy.
 */
export function LocalPost({ item, alias, opening }: { item: OutboxItem; alias: string | null; opening: boolean }) {
  const { t } = useTranslation()
  const { voices, shared } = useTalkState()
  const voice = findVoice(voices, shared, item.voiceId)
  const label = item.label === 'alias' ? (alias ?? '…') : voice ? voiceLabel(t, voice) : '…'
  const tag = opening ? t('talk.thread.op') : t('talk.thread.you')
  return (
    <li className="post post-local">
      <article id={`local-${item.id}`} tabIndex={-1} aria-label={t('talk.thread.postBy', { label, tag })}>
        <header className="post-head">
          <span className="author-label">{label}</span>
          {opening && <span className="badge post-tag post-tag-op">{t('talk.thread.op')}</span>}
          <span className="badge badge-former">{t('talk.thread.you')}</span>
        </header>
        <Markdown text={item.body} className="post-body markdown" />
        {item.imageRefs && <LocalImages refs={item.imageRefs} />}
        <OutboxStatus item={item} />
      </article>
    </li>
  )
}

/**
 * A stored reply of ours before the thread is read again, as a post that can be edited and
 * deleted already: its id came back with the answer, its revision is 0 and its key is ours. The
 * tag (#2, #3…) is the server's to give; until the next read it shows as "you" (or OP).
 */
export function localAsPost(item: OutboxItem, authorKey: string, alias: string | null, voice: Voice | undefined, opener: boolean): Post {
  const author = item.label === 'alias' ? { kind: 'alias' as const, company: null, alias } : { kind: voice?.kind ?? ('professional' as const), company: voice?.company ?? null, alias: null }
  return {
    id: item.postId!,
    body: item.body,
    authorLabel: '',
    author,
    authorTag: opener ? 'OP' : '',
    authorKey,
    createdAt: new Date(item.doneAt ?? item.createdAt).toISOString(),
    editedAt: null,
    revision: 0,
    deleted: false,
    isOpening: false,
    score: 0,
    ups: 0,
    downs: 0,
    moderation: null,
    images: [],
  }
}
