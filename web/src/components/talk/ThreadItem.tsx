import type { Static } from '@sinclair/typebox'
import type { Ref } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router-dom'
import type { ThreadSummary } from '../../../../shared/src/api/talk.js'
import { formatDateTime } from '../../lib/dates.js'
import { relativeTime } from '../../lib/relative-time.js'
import { markRead, unreadCount, type FollowedThread } from '../../talk/local/follow.js'
import type { OutboxItem } from '../../talk/outbox.js'
import { useTalkState } from '../../talk/talk-context.js'
import { authorText } from './author.js'
import { plainExcerpt } from './forum/plain-text.js'
import { ThreadActions } from './forum/ThreadActions.js'
import { outboxLine } from './OutboxStatus.js'

/**
 * One thread of a list, as Maimai and Blind show them: the title, its first lines, the
 * highlighted (most upvoted) reply, then channel, label, time, score, replies and what it carries
 * (a poll, images). `followed`: this browser follows it (the unread count shows); `fresh`: it just
 * came in behind the "N new" pill; `muted`: shown although muted (the member asked to see them).
 */
export function ThreadItem({ thread, sort, linkRef, channelLabel, followed, fresh = false, muted = false, onUnmute }: {
  thread: Static<typeof ThreadSummary>
  sort: 'hot' | 'new' | 'top'
  linkRef?: Ref<HTMLAnchorElement> | undefined
  channelLabel?: string | undefined
  followed?: FollowedThread | undefined
  fresh?: boolean
  muted?: boolean
  onUnmute?: (() => void) | undefined
}) {
  const { t, i18n } = useTranslation()
  const lang = i18n.resolvedLanguage ?? 'en'
  const at = sort === 'hot' ? thread.lastPostAt : thread.createdAt
  const when = relativeTime(t, at, lang)
  const channel = channelLabel ?? t(`talk.channels.${thread.channel as 'general'}`, { defaultValue: thread.channel })
  const excerpt = plainExcerpt(thread.excerpt)
  const h = thread.highlight
  const unread = followed ? unreadCount(followed) : 0
  const classes = ['thread-item', fresh && 'thread-item-fresh', muted && 'thread-item-muted'].filter(Boolean).join(' ')
  return (
    <li className={classes}>
      <h3 className="thread-item-title">
        {fresh && <span className="badge fresh-badge">{t('talk.forum.fresh')}</span>}
        {/* A deleted opening post leaves the thread without a title. */}
        <Link ref={linkRef} to={`/talk/t/${thread.id}`} onClick={() => followed && markRead(thread.id, thread.replyCount)}>
          {thread.title || t('talk.thread.untitled')}
        </Link>
      </h3>
      {excerpt && <p className="thread-excerpt">{excerpt}</p>}
      {h && (
        <div className="thread-highlight" aria-label={t('talk.forum.highlightLabel', { score: h.score })} role="group">
          <span className="highlight-tag" aria-hidden="true">{t('talk.forum.highlighted')}</span>
          <span className="author-label">{authorText(t, lang, h.author, h.authorLabel, h.authorKey)}</span>
          <span className="highlight-text">{plainExcerpt(h.excerpt)}</span>
          <span className="highlight-score" aria-hidden="true">▲ {h.score}</span>
        </div>
      )}
      <div className="thread-meta">
        <span className="channel-tag">{channel}</span>
        <span className="author-label">{authorText(t, lang, thread.author, thread.authorLabel, thread.authorKey)}</span>
        <time dateTime={at} title={formatDateTime(at, lang)}>
          {sort === 'hot' ? t('talk.list.active', { time: when }) : t('talk.list.started', { time: when })}
        </time>
      </div>
      <div className="thread-foot">
        <span className="thread-score">
          <span className="visually-hidden">{t('talk.forum.score', { score: thread.score })}</span>
          <span aria-hidden="true">▲ {thread.score}</span>
        </span>
        <span className="thread-replies">{t('talk.list.replies', { count: thread.replyCount })}</span>
        {thread.hasPoll && <span className="badge thread-badge">{t('talk.forum.poll')}</span>}
        {thread.imageCount > 0 && <span className="badge thread-badge">{t('talk.forum.images', { count: thread.imageCount })}</span>}
        {followed && unread > 0 && <span className="badge unread-badge">{t('talk.forum.unread', { count: unread })}</span>}
        {followed && unread === 0 && <span className="badge badge-former">{t('talk.forum.followedTag')}</span>}
        {muted && (
          <>
            <span className="badge badge-former">{t('talk.forum.mutedTag')}</span>
            {onUnmute && <button type="button" className="forum-link-button" onClick={onUnmute}>{t('talk.forum.unmute')}</button>}
          </>
        )}
        <ThreadActions thread={thread} channelLabel={channel} />
      </div>
    </li>
  )
}

/** A new thread of this browser still on its way, on top of the list, marked with its state. */
export function PendingThreadItem({ item }: { item: OutboxItem }) {
  const { t, i18n } = useTranslation()
  const { paused } = useTalkState()
  const to = item.threadId ? `/talk/t/${item.threadId}` : `/talk/pending/${item.id}`
  return (
    <li className="thread-item thread-item-pending">
      <h3 className="thread-item-title">
        <Link to={to}>{item.title}</Link>
      </h3>
      <p className="thread-meta">
        <span className="badge badge-former">{t('talk.thread.you')}</span>
        <span className="publishing">{outboxLine(t, i18n.resolvedLanguage ?? 'en', item, !!paused)}</span>
      </p>
    </li>
  )
}
